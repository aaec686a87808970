-- souk:no-transaction
-- An add-on's billing attachment (its first on its billing app, `AddonRow.summaryJoins`) is looked up on every
-- read of an add-on: its info, installs, listings. With an index on `addon_id` alone, PostgreSQL read every
-- attachment of the add-on to find those on its billing app, so one add-on shared with 10,000 apps cost each
-- read of it 10,000 rows, and an admin page that listed it 4.1 ms instead of 3.2 (`scripts/bench` with and
-- without its fan-out step). Keyed by add-on, app and age, the look-up is one index probe. The new index's
-- first column serves every look-up by add-on the old one did, so the old one goes.
--
-- Built concurrently, so that writes to attachments go on meanwhile. Repeatable: a run that stopped halfway may
-- have left the new index invalid, so it is built afresh, and the old one dropped only once it is there.
DROP INDEX CONCURRENTLY IF EXISTS addon_attachments_addon_app_idx;
CREATE INDEX CONCURRENTLY addon_attachments_addon_app_idx ON addon_attachments (addon_id, app_id, created_at);
DROP INDEX CONCURRENTLY IF EXISTS addon_attachments_addon_idx;
