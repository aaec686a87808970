-- Every Souk process keeps single sign-on targets in memory (SSOTargetCache), kept true like environments by
-- the LISTEN on `souk_apps` (migration 0010). A target depends on its app's names and members, which are
-- announced already, and on what these triggers announce:
--   `addon <id> <µs>`   the add-on's name, state, provider id, billing app or dashboard URL changed, it was
--                       deleted, or it was attached or detached;
--   `addon * <µs>`      the same of more add-ons than one statement should announce one by one;
--   `service <id> <µs>` the service's slug, name, flavour, sso_url or salt changed, or it was deleted.
-- Only changes a hand-off depends on are announced: PostgreSQL serialises the commits of notifying transactions
-- (migration 0019), so billing, config and plan updates stay quiet. For the same reason an attachment is
-- announced only while its add-on is provisioned: an install attaches its add-on while it is still
-- provisioning, which no process keeps, and the add-on's turn to provisioned is announced by the add-on.
-- Add-ons and attachments are announced per statement, at most 100 by id: a statement that touches a million
-- (a bulk load) would otherwise queue a million notifications for every listener to hold.
-- Processes older than this migration don't understand the new payloads and start their caches afresh on
-- each, which is safe.
CREATE FUNCTION souk_change_payload(kind text, id text) RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT kind || ' ' || id || ' ' || floor(extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text
$$;

-- Announces the add-ons `ids`: each by id, or all at once past 100.
CREATE FUNCTION souk_announce_addons(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) > 100 THEN
        PERFORM pg_notify('souk_apps', souk_change_payload('addon', '*'));
    ELSE
        PERFORM pg_notify('souk_apps', souk_change_payload('addon', id::text)) FROM unnest(ids) id;
    END IF;
END;
$$;

-- Add-ons: a change announces them whatever their state now (one just deprovisioned was kept until now), except
-- while they were provisioning: nothing was kept of them, and an install's outcome then stays quiet.
CREATE FUNCTION souk_notify_addons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM souk_announce_addons(ARRAY(SELECT id FROM old_rows));
    ELSE
        PERFORM souk_announce_addons(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE o.state <> 'provisioning'
              AND (o.name, o.state, o.provider_id, o.app_id, o.app_name, o.provider_dashboard_url, o.service_id)
                  IS DISTINCT FROM
                  (n.name, n.state, n.provider_id, n.app_id, n.app_name, n.provider_dashboard_url, n.service_id)));
    END IF;
    RETURN NULL;
END;
$$;

-- Attachments: announced by their add-on while it is provisioned (an update never moves one to another add-on,
-- so the old rows name it).
CREATE FUNCTION souk_notify_attachments() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        changed := ARRAY(SELECT DISTINCT addon_id FROM new_rows);
    ELSE
        changed := ARRAY(SELECT DISTINCT addon_id FROM old_rows);
    END IF;
    PERFORM souk_announce_addons(ARRAY(SELECT id FROM addons WHERE id = ANY (changed) AND state = 'provisioned'));
    RETURN NULL;
END;
$$;

CREATE TRIGGER addons_notify_update AFTER UPDATE ON addons
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION souk_notify_addons();

CREATE TRIGGER addons_notify_delete AFTER DELETE ON addons
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION souk_notify_addons();

CREATE TRIGGER addon_attachments_notify_insert AFTER INSERT ON addon_attachments
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION souk_notify_attachments();

CREATE TRIGGER addon_attachments_notify_update AFTER UPDATE ON addon_attachments
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION souk_notify_attachments();

CREATE TRIGGER addon_attachments_notify_delete AFTER DELETE ON addon_attachments
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION souk_notify_attachments();

CREATE FUNCTION souk_notify_service_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('souk_apps', souk_change_payload('service', OLD.id::text));
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER addon_services_notify_change AFTER UPDATE ON addon_services
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.slug, OLD.human_name, OLD.flavour, OLD.production_sso_url, OLD.sealed_sso_salt)
          IS DISTINCT FROM
          (NEW.slug, NEW.human_name, NEW.flavour, NEW.production_sso_url, NEW.sealed_sso_salt))
    EXECUTE FUNCTION souk_notify_service_change();

CREATE CONSTRAINT TRIGGER addon_services_notify_delete AFTER DELETE ON addon_services
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION souk_notify_service_change();
