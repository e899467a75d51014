-- Email templates (Dataverse's template table, set templates). subject and body hold the XSLT Dataverse stores;
-- a template written in the placeholder form is compiled to it before it is stored (see TemplateRules).
CREATE TABLE template (
    templateid              UUID           PRIMARY KEY,
    title                   VARCHAR(200)   NOT NULL,
    subject                 TEXT           NOT NULL,
    body                    TEXT,
    presentationxml         TEXT,
    subjectpresentationxml  TEXT,
    safehtml                TEXT,
    subjectsafehtml         TEXT,
    templatetypecode        VARCHAR(64)    NOT NULL,
    ispersonal              BOOLEAN        NOT NULL DEFAULT TRUE,
    languagecode            INTEGER        NOT NULL DEFAULT 1033,
    mimetype                VARCHAR(256),
    description             VARCHAR(2000),
    usedcount               INTEGER        NOT NULL DEFAULT 0,
    opencount               INTEGER        NOT NULL DEFAULT 0,
    openrate                INTEGER        NOT NULL DEFAULT 0,
    replycount              INTEGER        NOT NULL DEFAULT 0,
    replyrate               INTEGER        NOT NULL DEFAULT 0,
    ismanaged               BOOLEAN        NOT NULL DEFAULT FALSE,
    componentstate          INTEGER        NOT NULL DEFAULT 0,
    createdon               TIMESTAMPTZ    NOT NULL,
    modifiedon              TIMESTAMPTZ    NOT NULL,
    versionnumber           BIGINT         NOT NULL DEFAULT 1
);
CREATE INDEX template_templatetypecode ON template (templatetypecode, templateid);
CREATE INDEX template_title ON template (title, templateid);

-- The template an email was made from; deleting the template clears the link (Dataverse: RemoveLink).
ALTER TABLE email ADD COLUMN templateid UUID REFERENCES template (templateid) ON DELETE SET NULL;
CREATE INDEX email_templateid ON email (templateid) WHERE templateid IS NOT NULL;
