-- Every Souk process keeps recently read app environments in memory (EnvironmentCache) and LISTENs on
-- `souk_apps` to drop the ones that change. The triggers make every change announce itself, whichever
-- process or statement made it: a config change bumps the app's row (release_version), a rename or a
-- deletion touches it too, and membership decides who may read. The payload is the app's id and the time of
-- the commit, in microseconds since 1970, from which listeners measure how late they hear of changes
-- (`souk_environment_change_lag_seconds`): the triggers are deferred to the commit, which also delivers the
-- notifications.
CREATE FUNCTION souk_app_change_payload(app_id uuid) RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT app_id::text || ' ' || floor(extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text
$$;

CREATE FUNCTION souk_notify_app_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('souk_apps', souk_app_change_payload(OLD.id));
    RETURN NULL;
END;
$$;

CREATE FUNCTION souk_notify_app_member_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_notify('souk_apps', souk_app_change_payload(OLD.app_id));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM pg_notify('souk_apps', souk_app_change_payload(NEW.app_id));
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER apps_notify_change AFTER UPDATE OR DELETE ON apps
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION souk_notify_app_change();

CREATE CONSTRAINT TRIGGER app_members_notify_change AFTER INSERT OR UPDATE OR DELETE ON app_members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION souk_notify_app_member_change();
