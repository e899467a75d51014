-- V1 (outbox_event, processed_event) comes from the eventing module: db/eventing.

-- The email activity, with Dataverse's logical names as column names.
CREATE TABLE email (
    activityid            UUID          PRIMARY KEY,
    subject               VARCHAR(800),
    description           TEXT,
    directioncode         BOOLEAN       NOT NULL DEFAULT TRUE,
    statecode             INTEGER       NOT NULL,
    statuscode            INTEGER       NOT NULL,
    prioritycode          INTEGER       NOT NULL DEFAULT 1,
    deliveryattempts      INTEGER       NOT NULL DEFAULT 0,
    sender                VARCHAR(250),
    torecipients          TEXT,
    messageid             VARCHAR(320),
    trackingtoken         VARCHAR(50),
    senton                TIMESTAMPTZ,
    createdon             TIMESTAMPTZ   NOT NULL,
    modifiedon            TIMESTAMPTZ   NOT NULL,
    versionnumber         BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT email_status_matches_state CHECK (
        (statecode = 0 AND statuscode IN (1, 8)) OR
        (statecode = 1 AND statuscode IN (2, 3, 4, 6, 7)) OR
        (statecode = 2 AND statuscode = 5))
);

-- The from/to/cc/bcc parties of an email (activityparty).
CREATE TABLE activityparty (
    activitypartyid        UUID          PRIMARY KEY,
    activityid             UUID          NOT NULL REFERENCES email (activityid) ON DELETE CASCADE,
    participationtypemask  INTEGER       NOT NULL CHECK (participationtypemask BETWEEN 1 AND 13),
    addressused            VARCHAR(320),
    position               INTEGER       NOT NULL
);
CREATE INDEX activityparty_activityid ON activityparty (activityid);

-- Numbers behind generated tracking tokens (SendEmail with a null TrackingToken).
CREATE SEQUENCE tracking_token_number START WITH 1001;
