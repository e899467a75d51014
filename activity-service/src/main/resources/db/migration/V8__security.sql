-- Who may do what (security roles in Dataverse's vocabulary), whose records are whose, the audit of mailbox
-- approval changes, and the service protection counters every instance shares.

-- Activities belong to a user: user-level privileges see and change only their own. The Web API sets the caller
-- as owner; rows that arrive as events (bulk fan-out, incoming mail) and existing rows belong to the
-- administrator until they are assigned.
ALTER TABLE email ADD COLUMN ownerid UUID NOT NULL DEFAULT '6d61696c-726f-4f6d-8000-000000000002';
-- The owner filter of a user-level read, in keyset order.
CREATE INDEX email_owner ON email (ownerid, activityid);

-- A role grants privileges (prvReadActivity, ...) at a depth: 1 user (Basic), 8 organization (Global), as
-- Dataverse numbers them. The privilege name '*' grants every privilege, present and future (System Administrator).
CREATE TABLE securityrole (
    roleid  UUID          PRIMARY KEY,
    name    VARCHAR(100)  NOT NULL UNIQUE
);
CREATE TABLE securityroleprivilege (
    roleid         UUID          NOT NULL REFERENCES securityrole (roleid) ON DELETE CASCADE,
    privilegename  VARCHAR(100)  NOT NULL,
    depth          INTEGER       NOT NULL CHECK (depth IN (1, 8)),
    PRIMARY KEY (roleid, privilegename)
);
CREATE TABLE systemuserrole (
    systemuserid  UUID  NOT NULL REFERENCES systemuser (systemuserid) ON DELETE CASCADE,
    roleid        UUID  NOT NULL REFERENCES securityrole (roleid) ON DELETE CASCADE,
    PRIMARY KEY (systemuserid, roleid)
);

INSERT INTO securityrole (roleid, name) VALUES
    ('6d61696c-726f-4f6d-8000-0000000000a1', 'System Administrator'),
    ('6d61696c-726f-4f6d-8000-0000000000a2', 'Basic User'),
    ('6d61696c-726f-4f6d-8000-0000000000a3', 'Mailroom Service');
INSERT INTO securityroleprivilege (roleid, privilegename, depth) VALUES
    ('6d61696c-726f-4f6d-8000-0000000000a1', '*', 8);
-- Own activities; read the customers, users, queues and templates they are addressed to and sent from.
INSERT INTO securityroleprivilege (roleid, privilegename, depth)
SELECT '6d61696c-726f-4f6d-8000-0000000000a2', privilege, depth FROM (VALUES
    ('prvCreateActivity', 1), ('prvReadActivity', 1), ('prvWriteActivity', 1), ('prvDeleteActivity', 1),
    ('prvAppendActivity', 1), ('prvAppendToActivity', 1), ('prvSendEmail', 1),
    ('prvReadContact', 8), ('prvAppendToContact', 8), ('prvReadAccount', 8), ('prvAppendToAccount', 8),
    ('prvReadLead', 8), ('prvAppendToLead', 8), ('prvReadUser', 8), ('prvAppendToUser', 8),
    ('prvReadQueue', 8), ('prvAppendToQueue', 8), ('prvReadMailbox', 8), ('prvAppendToMailbox', 8),
    ('prvReadTemplate', 8), ('prvReadOrganization', 8), ('prvReadAsyncOperation', 1)
) AS granted (privilege, depth);
-- The services' application user (bulk-mail-service paging recipients and creating emails, the router and
-- attachment-service reading what they deliver).
INSERT INTO securityroleprivilege (roleid, privilegename, depth)
SELECT '6d61696c-726f-4f6d-8000-0000000000a3', privilege, 8 FROM (VALUES
    ('prvCreateActivity'), ('prvReadActivity'), ('prvWriteActivity'), ('prvAppendActivity'),
    ('prvAppendToActivity'), ('prvSendEmail'), ('prvBulkEmail'), ('prvReadContact'), ('prvAppendToContact'),
    ('prvReadAccount'), ('prvAppendToAccount'), ('prvReadLead'), ('prvAppendToLead'), ('prvReadUser'),
    ('prvAppendToUser'), ('prvReadQueue'), ('prvAppendToQueue'), ('prvReadMailbox'), ('prvReadTemplate'),
    ('prvReadOrganization'), ('prvReadAsyncOperation'), ('prvActOnBehalfOfAnotherUser')
) AS granted (privilege);

INSERT INTO systemuserrole (systemuserid, roleid)
VALUES ('6d61696c-726f-4f6d-8000-000000000002', '6d61696c-726f-4f6d-8000-0000000000a1');
-- The services' application user; its directory object id comes from configuration (see IdentityBinding).
INSERT INTO systemuser (systemuserid, firstname, lastname, fullname, internalemailaddress, domainname,
                        emailrouteraccessapproval, createdon, modifiedon)
VALUES ('6d61696c-726f-4f6d-8000-000000000004', 'Mailroom', 'Services', 'Mailroom Services',
        NULL, 'services@mailroom.local', 0, now(), now());
INSERT INTO systemuserrole (systemuserid, roleid)
VALUES ('6d61696c-726f-4f6d-8000-000000000004', '6d61696c-726f-4f6d-8000-0000000000a3');

-- Every change of emailrouteraccessapproval: who (and on whose behalf), when, the old and the new value.
CREATE TABLE emailapprovalaudit (
    auditid          BIGSERIAL     PRIMARY KEY,
    objecttypecode   VARCHAR(64)   NOT NULL,
    objectid         UUID          NOT NULL,
    changedby        UUID          NOT NULL,
    impersonatorid   UUID,
    changedon        TIMESTAMPTZ   NOT NULL,
    oldvalue         INTEGER,
    newvalue         INTEGER       NOT NULL
);
CREATE INDEX emailapprovalaudit_object ON emailapprovalaudit (objectid, changedon);

-- Service protection: each instance adds what it served to the current 10-second bucket of each user about
-- once a second, and reports its in-flight requests; the sums over the last 300 s are every instance's view.
CREATE UNLOGGED TABLE servicelimit_bucket (
    systemuserid    UUID         NOT NULL,
    bucketstart     TIMESTAMPTZ  NOT NULL,
    requests        BIGINT       NOT NULL,
    executionms     BIGINT       NOT NULL,
    PRIMARY KEY (systemuserid, bucketstart)
);
CREATE INDEX servicelimit_bucket_start ON servicelimit_bucket (bucketstart);
CREATE UNLOGGED TABLE servicelimit_inflight (
    instanceid      UUID         NOT NULL,
    systemuserid    UUID         NOT NULL,
    inflight        INTEGER      NOT NULL,
    reportedon      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (instanceid, systemuserid)
);
