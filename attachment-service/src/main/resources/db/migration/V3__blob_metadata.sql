-- The blob API stores each blob's MIME type and when it was last uploaded or referenced.
ALTER TABLE blob ADD COLUMN mime_type VARCHAR(255) NOT NULL DEFAULT 'application/octet-stream';
ALTER TABLE blob ADD COLUMN last_referenced_at TIMESTAMPTZ NOT NULL DEFAULT now();

-- Superseded by last_referenced_at, which an upload of the same bytes also moves: the collector needs that to
-- leave alone a blob someone is uploading again. No blob was stored before this version, so nothing is lost.
ALTER TABLE blob DROP COLUMN unreferenced_since;

-- The collector looks for unreferenced blobs, oldest first.
CREATE INDEX blob_collectable ON blob (last_referenced_at) WHERE reference_count = 0;
