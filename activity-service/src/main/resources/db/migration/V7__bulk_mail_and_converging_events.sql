-- Status reports for emails not created yet (a bulk email's Sent may overtake its EmailCreated): parked here and
-- applied, highest rank first, when the email arrives.
CREATE TABLE parked_email_status (
    event_id          UUID          PRIMARY KEY,
    activityid        UUID          NOT NULL,
    statuscode        INTEGER       NOT NULL,
    messageid         VARCHAR(320),
    deliveryattempts  INTEGER       NOT NULL,
    occurredat        TIMESTAMPTZ   NOT NULL,
    parkedat          TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX parked_email_status_activityid ON parked_email_status (activityid);

-- The bulk job (asyncoperation) an email was created by; sent and failed counts follow it.
ALTER TABLE email ADD COLUMN asyncoperationid UUID;
CREATE INDEX email_asyncoperationid ON email (asyncoperationid) WHERE asyncoperationid IS NOT NULL;

-- A bulk job's counts, readable through the Web API (publisher prefix mailroom_, as Dataverse custom columns have),
-- and the sequence of the last progress report applied (older reports are ignored).
ALTER TABLE asyncoperation
    ADD COLUMN regardingobjectid        UUID,
    ADD COLUMN regardingobjecttypecode  VARCHAR(64),
    ADD COLUMN mailroom_total           INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN mailroom_created         INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN mailroom_skipped         INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN mailroom_sent            INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN mailroom_failed          INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN progresssequence         BIGINT  NOT NULL DEFAULT 0;
