-- Admins list every add-on and attachment, newest first, filtered by service, app, owner and state.
-- The filters' keys are copied onto the rows so that each filter is one range scan of an index ordered
-- like the listing, however deep the page: keyset pagination on (created_at, id), no OFFSET, no joins
-- to filter. An app's owner never changes, so the copies never go stale.
ALTER TABLE addons ADD COLUMN owner_id uuid REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE addon_attachments ADD COLUMN service_id uuid REFERENCES addon_services (id);
ALTER TABLE addon_attachments ADD COLUMN owner_id uuid REFERENCES accounts (id) ON DELETE SET NULL;

UPDATE addons a SET owner_id = m.account_id
FROM app_members m WHERE m.app_id = a.app_id AND m.role = 'owner';
UPDATE addon_attachments t SET service_id = a.service_id, owner_id = m.account_id
FROM addons a, app_members m WHERE a.id = t.addon_id AND m.app_id = t.app_id AND m.role = 'owner';
ALTER TABLE addon_attachments ALTER COLUMN service_id SET NOT NULL;

CREATE INDEX addons_admin_app_idx ON addons (app_id, created_at DESC, id DESC);
CREATE INDEX addons_admin_owner_idx ON addons (owner_id, created_at DESC, id DESC);
CREATE INDEX addons_admin_state_idx ON addons (state, created_at DESC, id DESC);
CREATE INDEX addon_attachments_service_idx ON addon_attachments (service_id, created_at DESC, id DESC);
CREATE INDEX addon_attachments_app_idx ON addon_attachments (app_id, created_at DESC, id DESC);
CREATE INDEX addon_attachments_owner_idx ON addon_attachments (owner_id, created_at DESC, id DESC);
