-- Every Souk process keeps single sign-on targets in memory (SSOTargetCache), kept true like environments by
-- the LISTEN on `souk_apps` (migration 0010). A target depends on its app's names and members, which are
-- announced already, and on what these triggers announce:
--   `addon <id> <µs>`   the add-on's name, state, provider id, billing app or dashboard URL changed, it was
--                       deleted, or it was attached or detached;
--   `service <id> <µs>` the service's slug, name, flavour, sso_url or salt changed, or it was deleted.
-- Only changes a hand-off depends on are announced: PostgreSQL serialises the commits of notifying transactions
-- (migration 0019), so billing, config and plan updates stay quiet. For the same reason an attachment is
-- announced only once its add-on is provisioned: an install attaches its add-on while it is still
-- provisioning, which no process keeps, and the add-on's turn to provisioned is announced by the add-on.
-- Processes older than this migration don't understand the new payloads and start their caches afresh on
-- each, which is safe.
CREATE FUNCTION souk_change_payload(kind text, id uuid) RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT kind || ' ' || souk_app_change_payload(id)
$$;

CREATE FUNCTION souk_notify_addon_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('souk_apps', souk_change_payload('addon', OLD.id));
    RETURN NULL;
END;
$$;

CREATE FUNCTION souk_notify_attachment_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed uuid[] := ARRAY[]::uuid[];
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN changed := changed || OLD.addon_id; END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN changed := changed || NEW.addon_id; END IF;
    PERFORM pg_notify('souk_apps', souk_change_payload('addon', a.id))
    FROM addons a WHERE a.id = ANY (changed) AND a.state = 'provisioned';
    RETURN NULL;
END;
$$;

CREATE FUNCTION souk_notify_service_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('souk_apps', souk_change_payload('service', OLD.id));
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER addons_notify_change AFTER UPDATE ON addons
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.name, OLD.state, OLD.provider_id, OLD.app_id, OLD.app_name, OLD.provider_dashboard_url,
           OLD.service_id)
          IS DISTINCT FROM
          (NEW.name, NEW.state, NEW.provider_id, NEW.app_id, NEW.app_name, NEW.provider_dashboard_url,
           NEW.service_id))
    EXECUTE FUNCTION souk_notify_addon_change();

CREATE CONSTRAINT TRIGGER addons_notify_delete AFTER DELETE ON addons
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION souk_notify_addon_change();

CREATE CONSTRAINT TRIGGER addon_attachments_notify_change AFTER INSERT OR UPDATE OR DELETE ON addon_attachments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION souk_notify_attachment_change();

CREATE CONSTRAINT TRIGGER addon_services_notify_change AFTER UPDATE ON addon_services
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.slug, OLD.human_name, OLD.flavour, OLD.production_sso_url, OLD.sealed_sso_salt)
          IS DISTINCT FROM
          (NEW.slug, NEW.human_name, NEW.flavour, NEW.production_sso_url, NEW.sealed_sso_salt))
    EXECUTE FUNCTION souk_notify_service_change();

CREATE CONSTRAINT TRIGGER addon_services_notify_delete AFTER DELETE ON addon_services
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION souk_notify_service_change();
