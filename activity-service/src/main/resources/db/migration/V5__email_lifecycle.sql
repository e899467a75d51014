-- The email lifecycle: incoming mail (once per Message-ID, correlated by tracking token or Message-ID), and the
-- BackgroundSendEmail leases of external senders.

ALTER TABLE email
    ADD COLUMN receivingmailboxid      UUID,
    -- BackgroundSendEmail hands a Pending Send email to one caller until this moment; NULL when not leased.
    ADD COLUMN backgroundsendleaseduntil TIMESTAMPTZ;

-- Correlation of replies: by the tracking token in their subject, then by In-Reply-To/References (Message-IDs).
CREATE INDEX email_trackingtoken ON email (trackingtoken) WHERE trackingtoken IS NOT NULL;
-- Also how a delivery finds a Message-ID delivered before. Not unique: a client may write messageid itself; the
-- delivery paths keep one received email per Message-ID by taking an advisory lock on it first.
CREATE INDEX email_messageid ON email (messageid) WHERE messageid IS NOT NULL;
-- BackgroundSendEmail's pool: Pending Send emails, oldest first.
CREATE INDEX email_pending_send ON email (createdon, activityid) WHERE statuscode = 6;

-- Incoming addresses resolve to users and queues as well as to contacts, accounts and leads (indexed in V3).
CREATE INDEX systemuser_internalemailaddress ON systemuser (lower(internalemailaddress));
CREATE INDEX queue_emailaddress ON queue (lower(emailaddress));
CREATE INDEX mailbox_emailaddress ON mailbox (lower(emailaddress));
