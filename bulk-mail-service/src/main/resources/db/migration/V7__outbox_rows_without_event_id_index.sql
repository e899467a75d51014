-- Every recipient of a bulk job is two outbox rows (EmailCreated and EmailPending), so each index on outbox_event
-- costs two index insertions per recipient on the fan-out's critical path. The unique index on event_id (eventing's
-- V1) guards nothing here: the relay never looks a row up by event id; the event ids of a page are derived from
-- (job, recipient), and a recipient is claimed once per job in bulk_recipient in the same transaction as its events;
-- and since the relay is at-least-once anyway, every consumer de-duplicates by event id (processed_event). Random
-- UUIDs also spread its insertions over the whole index. Kept: the primary key (publication order) and the
-- (topic, id) index of the priority lanes (V6).
ALTER TABLE outbox_event DROP CONSTRAINT outbox_event_event_id_key;
