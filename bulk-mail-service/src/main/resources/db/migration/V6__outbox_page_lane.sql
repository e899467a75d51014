-- The outbox relay publishes a job's pages (topic bulk-mail-pages) ahead of the email events already waiting
-- (mailroom.outbox.priority-topics): it reads them by topic in id order, which this index answers without walking
-- the thousands of email events in the outbox.
CREATE INDEX outbox_event_topic_id ON outbox_event (topic, id);
