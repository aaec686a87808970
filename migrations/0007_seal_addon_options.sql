-- Provisioning options (`config` in POST /apps/{app}/addons) often carry passwords and tokens: they
-- are sealed like every other secret. Rows written before this migration are sealed by the server
-- at start-up (sealing needs the encryption key, which SQL doesn't have); `options` then holds '{}'.
ALTER TABLE addons ADD COLUMN sealed_options bytea;
