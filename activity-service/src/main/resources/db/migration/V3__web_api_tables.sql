-- The Web API's tables beside email (declared in dev.mailroom.activity.tables); columns keep Dataverse's logical
-- names and lengths. Every table has its key, createdon, modifiedon and versionnumber (behind @odata.etag).

ALTER TABLE email
    ADD COLUMN deliveryprioritycode      INTEGER      NOT NULL DEFAULT 1,
    ADD COLUMN inreplyto                 VARCHAR(320),
    ADD COLUMN conversationindex         VARCHAR(2048),
    ADD COLUMN scheduledstart            TIMESTAMPTZ,
    ADD COLUMN scheduledend              TIMESTAMPTZ,
    ADD COLUMN actualstart               TIMESTAMPTZ,
    ADD COLUMN actualend                 TIMESTAMPTZ,
    ADD COLUMN delayedemailsendtime      TIMESTAMPTZ,
    ADD COLUMN attachmentcount           INTEGER      NOT NULL DEFAULT 0,
    ADD COLUMN isworkflowcreated         BOOLEAN      NOT NULL DEFAULT FALSE,
    ADD COLUMN readreceiptrequested      BOOLEAN      NOT NULL DEFAULT FALSE,
    ADD COLUMN deliveryreceiptrequested  BOOLEAN      NOT NULL DEFAULT FALSE,
    ADD COLUMN mimetype                  VARCHAR(256),
    ADD COLUMN notifications             INTEGER,
    ADD COLUMN correlationmethod         INTEGER      NOT NULL DEFAULT 0,
    ADD COLUMN regardingobjectid         UUID,
    ADD COLUMN regardingobjecttypecode   VARCHAR(64),
    ADD COLUMN parentactivityid          UUID,
    ADD COLUMN sendermailboxid           UUID;
ALTER TABLE email ALTER COLUMN torecipients TYPE VARCHAR(500);
ALTER TABLE email ALTER COLUMN versionnumber SET DEFAULT 1;

-- Indexes for what clients filter and sort emails by; each ends with the key, which keyset paging orders by last.
CREATE INDEX email_statuscode ON email (statuscode, activityid);
CREATE INDEX email_createdon ON email (createdon, activityid);
CREATE INDEX email_modifiedon ON email (modifiedon, activityid);
CREATE INDEX email_regarding ON email (regardingobjectid);

ALTER TABLE activityparty
    ADD COLUMN unresolvedpartyname   VARCHAR(200),
    ADD COLUMN partyid               UUID,
    ADD COLUMN partyobjecttypecode   VARCHAR(64),
    ADD COLUMN createdon             TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN modifiedon            TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN versionnumber         BIGINT      NOT NULL DEFAULT 1;
ALTER TABLE activityparty ALTER COLUMN position SET DEFAULT 0;
CREATE INDEX activityparty_partyid ON activityparty (partyid);

CREATE TABLE contact (
    contactid       UUID          PRIMARY KEY,
    firstname       VARCHAR(50),
    lastname        VARCHAR(50),
    fullname        VARCHAR(160),
    jobtitle        VARCHAR(100),
    telephone1      VARCHAR(50),
    emailaddress1   VARCHAR(100),
    emailaddress2   VARCHAR(100),
    emailaddress3   VARCHAR(100),
    donotemail      BOOLEAN       NOT NULL DEFAULT FALSE,
    donotbulkemail  BOOLEAN       NOT NULL DEFAULT FALSE,
    statecode       INTEGER       NOT NULL DEFAULT 0,
    createdon       TIMESTAMPTZ   NOT NULL,
    modifiedon      TIMESTAMPTZ   NOT NULL,
    versionnumber   BIGINT        NOT NULL DEFAULT 1
);
CREATE INDEX contact_emailaddress1 ON contact (lower(emailaddress1));

CREATE TABLE account (
    accountid       UUID          PRIMARY KEY,
    name            VARCHAR(160)  NOT NULL,
    telephone1      VARCHAR(50),
    websiteurl      VARCHAR(200),
    emailaddress1   VARCHAR(100),
    emailaddress2   VARCHAR(100),
    emailaddress3   VARCHAR(100),
    donotemail      BOOLEAN       NOT NULL DEFAULT FALSE,
    donotbulkemail  BOOLEAN       NOT NULL DEFAULT FALSE,
    statecode       INTEGER       NOT NULL DEFAULT 0,
    createdon       TIMESTAMPTZ   NOT NULL,
    modifiedon      TIMESTAMPTZ   NOT NULL,
    versionnumber   BIGINT        NOT NULL DEFAULT 1
);
CREATE INDEX account_emailaddress1 ON account (lower(emailaddress1));

CREATE TABLE lead (
    leadid          UUID          PRIMARY KEY,
    subject         VARCHAR(300),
    firstname       VARCHAR(50),
    lastname        VARCHAR(50),
    fullname        VARCHAR(160),
    companyname     VARCHAR(100),
    emailaddress1   VARCHAR(100),
    emailaddress2   VARCHAR(100),
    emailaddress3   VARCHAR(100),
    donotemail      BOOLEAN       NOT NULL DEFAULT FALSE,
    donotbulkemail  BOOLEAN       NOT NULL DEFAULT FALSE,
    statecode       INTEGER       NOT NULL DEFAULT 0,
    createdon       TIMESTAMPTZ   NOT NULL,
    modifiedon      TIMESTAMPTZ   NOT NULL,
    versionnumber   BIGINT        NOT NULL DEFAULT 1
);
CREATE INDEX lead_emailaddress1 ON lead (lower(emailaddress1));

CREATE TABLE systemuser (
    systemuserid                 UUID          PRIMARY KEY,
    firstname                    VARCHAR(64),
    lastname                     VARCHAR(64),
    fullname                     VARCHAR(200),
    internalemailaddress         VARCHAR(100),
    domainname                   VARCHAR(1024),
    azureactivedirectoryobjectid UUID,
    emailrouteraccessapproval    INTEGER       NOT NULL DEFAULT 0,
    isdisabled                   BOOLEAN       NOT NULL DEFAULT FALSE,
    createdon                    TIMESTAMPTZ   NOT NULL,
    modifiedon                   TIMESTAMPTZ   NOT NULL,
    versionnumber                BIGINT        NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX systemuser_aad_object ON systemuser (azureactivedirectoryobjectid);

CREATE TABLE queue (
    queueid                    UUID          PRIMARY KEY,
    name                       VARCHAR(200)  NOT NULL,
    emailaddress               VARCHAR(100),
    emailrouteraccessapproval  INTEGER       NOT NULL DEFAULT 0,
    createdon                  TIMESTAMPTZ   NOT NULL,
    modifiedon                 TIMESTAMPTZ   NOT NULL,
    versionnumber              BIGINT        NOT NULL DEFAULT 1
);

CREATE TABLE emailserverprofile (
    emailserverprofileid    UUID          PRIMARY KEY,
    name                    VARCHAR(100)  NOT NULL,
    servertype              INTEGER       NOT NULL DEFAULT 1,
    incomingserverlocation  VARCHAR(2048),
    incomingportnumber      INTEGER,
    incomingusessl          BOOLEAN       NOT NULL DEFAULT TRUE,
    incomingusername        VARCHAR(1024),
    incomingpassword        VARCHAR(1024),
    outgoingserverlocation  VARCHAR(2048),
    outgoingportnumber      INTEGER,
    outgoingusessl          BOOLEAN       NOT NULL DEFAULT TRUE,
    outgoingusername        VARCHAR(1024),
    outgoingpassword        VARCHAR(1024),
    createdon               TIMESTAMPTZ   NOT NULL,
    modifiedon              TIMESTAMPTZ   NOT NULL,
    versionnumber           BIGINT        NOT NULL DEFAULT 1
);

CREATE TABLE mailbox (
    mailboxid                    UUID          PRIMARY KEY,
    name                         VARCHAR(200)  NOT NULL,
    emailaddress                 VARCHAR(100),
    incomingemaildeliverymethod  INTEGER       NOT NULL DEFAULT 0,
    outgoingemaildeliverymethod  INTEGER       NOT NULL DEFAULT 0,
    emailrouteraccessapproval    INTEGER       NOT NULL DEFAULT 0,
    regardingobjectid            UUID,
    regardingobjecttypecode      VARCHAR(64),
    emailserverprofile           UUID          REFERENCES emailserverprofile (emailserverprofileid) ON DELETE SET NULL,
    createdon                    TIMESTAMPTZ   NOT NULL,
    modifiedon                   TIMESTAMPTZ   NOT NULL,
    versionnumber                BIGINT        NOT NULL DEFAULT 1
);

CREATE TABLE organization (
    organizationid                UUID          PRIMARY KEY,
    name                          VARCHAR(160),
    maxuploadfilesize             INTEGER       NOT NULL DEFAULT 5242880,
    blockedattachments            TEXT,
    requireapprovalforuseremail   BOOLEAN       NOT NULL DEFAULT FALSE,
    requireapprovalforqueueemail  BOOLEAN       NOT NULL DEFAULT FALSE,
    trackingprefix                VARCHAR(256)  NOT NULL DEFAULT 'CRM:',
    trackingtokenidbase           INTEGER       NOT NULL DEFAULT 0,
    trackingtokeniddigits         INTEGER       NOT NULL DEFAULT 3,
    istrackingtokenenabled        BOOLEAN       NOT NULL DEFAULT TRUE,
    createdon                     TIMESTAMPTZ   NOT NULL,
    modifiedon                    TIMESTAMPTZ   NOT NULL,
    versionnumber                 BIGINT        NOT NULL DEFAULT 1
);

CREATE TABLE asyncoperation (
    asyncoperationid  UUID          PRIMARY KEY,
    name              VARCHAR(256),
    operationtype     INTEGER,
    statecode         INTEGER       NOT NULL DEFAULT 0,
    statuscode        INTEGER       NOT NULL DEFAULT 0,
    messagename       VARCHAR(160),
    message           TEXT,
    friendlymessage   TEXT,
    errorcode         INTEGER,
    startedon         TIMESTAMPTZ,
    completedon       TIMESTAMPTZ,
    createdon         TIMESTAMPTZ   NOT NULL,
    modifiedon        TIMESTAMPTZ   NOT NULL,
    versionnumber     BIGINT        NOT NULL DEFAULT 1
);

-- The organization's one row and the local administrator WhoAmI answers with (see LocalIdentity).
INSERT INTO organization (organizationid, name, blockedattachments, createdon, modifiedon)
VALUES ('6d61696c-726f-4f6d-8000-000000000001', 'Mailroom',
        'ade;adp;app;asa;ashx;asmx;asp;bas;bat;cdx;cer;chm;class;cmd;com;config;cpl;crt;csh;dll;exe;fxp;hlp;hta;htr;'
        || 'htw;ida;idc;idq;inf;ins;isp;its;jar;js;jse;ksh;lnk;mad;maf;mag;mam;maq;mar;mas;mat;mau;mav;maw;mda;mdb;'
        || 'mde;mdt;mdw;mdz;msc;msh;msh1;msh1xml;msh2;msh2xml;mshxml;msi;msp;mst;ops;pcd;pif;prf;prg;printer;pst;'
        || 'reg;rem;scf;scr;sct;shb;shs;shtm;shtml;soap;stm;tmp;url;vb;vbe;vbs;vsmacros;vss;vst;vsw;ws;wsc;wsf;wsh;svg',
        now(), now());
INSERT INTO systemuser (systemuserid, firstname, lastname, fullname, internalemailaddress, domainname,
                        emailrouteraccessapproval, createdon, modifiedon)
VALUES ('6d61696c-726f-4f6d-8000-000000000002', 'Mailroom', 'Administrator', 'Mailroom Administrator',
        'admin@mailroom.local', 'admin@mailroom.local', 1, now(), now());
