-- Security roles through the Web API: roles and their privileges become readable tables (role,
-- roleprivileges), and assigning a role to a user (systemuserroles_association) is audited like approval changes.

-- Every Web API table has createdon, modifiedon and versionnumber (behind @odata.etag).
ALTER TABLE securityrole
    ADD COLUMN createdon      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    ADD COLUMN modifiedon     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    ADD COLUMN versionnumber  BIGINT       NOT NULL DEFAULT 1;

-- Dataverse's role table (entity set roles), read-only: roles are defined by migrations.
CREATE VIEW role AS
SELECT roleid, name, createdon, modifiedon, versionnumber FROM securityrole;

-- Dataverse's roleprivileges intersect table (entity set roleprivilegescollection): each privilege a role grants,
-- with its depth (privilegedepthmask: 1 user, 8 organization). Its key is derived from role and privilege name,
-- stable across reads.
CREATE VIEW roleprivileges AS
SELECT md5(p.roleid::text || '/' || p.privilegename)::uuid AS roleprivilegeid, p.roleid, p.privilegename,
       p.depth AS privilegedepthmask, r.createdon, r.modifiedon, r.versionnumber
FROM securityroleprivilege p JOIN securityrole r ON r.roleid = p.roleid;

-- Basic users may read the roles there are (Dataverse's Basic User reads security roles); assigning them takes
-- prvAssignRole, which only the System Administrator holds.
INSERT INTO securityroleprivilege (roleid, privilegename, depth)
VALUES ('6d61696c-726f-4f6d-8000-0000000000a2', 'prvReadRole', 8);

-- Every role given to or taken from a user: who (and on whose behalf), when, which user and role.
CREATE TABLE systemuserroleaudit (
    auditid          BIGSERIAL     PRIMARY KEY,
    systemuserid     UUID          NOT NULL,
    roleid           UUID          NOT NULL,
    operation        VARCHAR(16)   NOT NULL CHECK (operation IN ('Associate', 'Disassociate')),
    changedby        UUID          NOT NULL,
    impersonatorid   UUID,
    changedon        TIMESTAMPTZ   NOT NULL
);
CREATE INDEX systemuserroleaudit_user ON systemuserroleaudit (systemuserid, changedon);
