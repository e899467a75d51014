-- The page that claimed a recipient. A page's emails are published straight to Kafka once its transaction commits,
-- not written to the outbox: when the page comes again (the instance died before the broker acknowledged them, or
-- publishing failed and the page is retried), the recipients it claimed are found by (job, recipient, page) and
-- their events published again, the same events under the same ids (BulkEmailIds). A recipient listed on two pages
-- is claimed by the first only, so only that page ever publishes its email. NULL on rows claimed before it.
ALTER TABLE bulk_recipient ADD COLUMN page_number INTEGER;
