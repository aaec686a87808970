-- Webhooks (issue #15): app webhooks and add-on (provider) webhooks, the events of apps written by triggers in
-- the transaction of the change they describe (an outbox: a rolled-back change leaves no event, a committed
-- one never loses its event), and one delivery per event and matching webhook, sent by the dispatcher.

CREATE TABLE webhooks (
    id                    uuid PRIMARY KEY,
    app_id                uuid REFERENCES apps (id) ON DELETE CASCADE,
    addon_id              uuid REFERENCES addons (id) ON DELETE CASCADE,
    include               text[] NOT NULL,
    level                 text NOT NULL CHECK (level IN ('notify', 'sync')),
    url                   text NOT NULL,
    -- Sealed with SOUK_ENCRYPTION_KEY; the webhook id is the associated data.
    sealed_secret         bytea NOT NULL,
    sealed_authorization  bytea,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CHECK ((app_id IS NULL) <> (addon_id IS NULL))
);

CREATE INDEX webhooks_app_idx ON webhooks (app_id) WHERE app_id IS NOT NULL;
CREATE INDEX webhooks_addon_idx ON webhooks (addon_id) WHERE addon_id IS NOT NULL;

CREATE SEQUENCE webhook_event_sequence;

-- No foreign key to apps: an app's destroy event outlives it.
CREATE TABLE webhook_events (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    sequence       bigint NOT NULL DEFAULT nextval('webhook_event_sequence'),
    app_id         uuid NOT NULL,
    resource       text NOT NULL,
    action         text NOT NULL CHECK (action IN ('create', 'update', 'destroy')),
    actor_id       uuid,
    actor_email    text,
    data           jsonb NOT NULL,
    previous_data  jsonb NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX webhook_events_app_idx ON webhook_events (app_id, sequence DESC);

CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id         uuid NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    webhook_id       uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    -- The event's: a webhook's deliveries go out in this order.
    sequence         bigint NOT NULL,
    status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'scheduled', 'retrying', 'failed', 'succeeded')),
    num_attempts     integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    -- A dispatcher holds a delivery while it sends it; one whose lease ran out died with its process.
    lease_until      timestamptz,
    last_attempt_id  uuid,
    last_code        integer,
    last_error_class text,
    last_attempt_at  timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
    WHERE status IN ('pending', 'scheduled', 'retrying');
CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (webhook_id, sequence)
    WHERE status IN ('pending', 'scheduled', 'retrying');
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);

-- Whether any webhook wants `resource` events of `app`: when none does, no event is written at all, so that
-- apps without webhooks pay one indexed lookup per change.
CREATE FUNCTION souk_webhook_wanted(app uuid, resource text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM webhooks w
        WHERE ('api:' || resource) = ANY (w.include)
          AND (w.app_id = app OR w.addon_id IN (SELECT addon_id FROM addon_attachments WHERE app_id = app)))
$$;

-- Records an event of `app` and a delivery for each webhook that wants it: the app's own, and those of
-- add-ons attached to the app (their providers). The actor is `souk.actor` when the transaction set it.
CREATE FUNCTION souk_webhook_event(
    app uuid, resource text, action text, actor uuid, data jsonb, previous_data jsonb
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    event_id uuid;
    event_sequence bigint;
    acting uuid := COALESCE(NULLIF(current_setting('souk.actor', true), '')::uuid, actor);
BEGIN
    INSERT INTO webhook_events (app_id, resource, action, actor_id, actor_email, data, previous_data)
    VALUES (app, resource, action, acting, (SELECT email FROM accounts WHERE id = acting), data,
            COALESCE(previous_data, '{}'))
    RETURNING id, sequence INTO event_id, event_sequence;
    INSERT INTO webhook_deliveries (event_id, webhook_id, sequence)
    SELECT event_id, w.id, event_sequence FROM webhooks w
    WHERE ('api:' || resource) = ANY (w.include)
      AND (w.app_id = app OR w.addon_id IN (SELECT addon_id FROM addon_attachments WHERE app_id = app));
END $$;

CREATE FUNCTION souk_app_json(app apps) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', app.id, 'name', app.name, 'region', jsonb_build_object('name', app.region),
        'released_at', app.released_at, 'created_at', app.created_at, 'updated_at', app.updated_at,
        'owner', (SELECT jsonb_build_object('id', a.id, 'email', a.email)
                  FROM app_members m JOIN accounts a ON a.id = m.account_id
                  WHERE m.app_id = app.id AND m.role = 'owner'))
$$;

CREATE FUNCTION souk_addon_json(addon addons) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', addon.id, 'name', addon.name,
        'addon_service', jsonb_build_object('id', s.id, 'name', s.slug),
        'plan', jsonb_build_object('id', pl.id, 'name', s.slug || ':' || pl.name),
        'app', jsonb_build_object('id', addon.app_id, 'name', addon.app_name),
        'state', addon.state, 'provider_id', addon.provider_id,
        'created_at', addon.created_at, 'updated_at', addon.updated_at)
    FROM addon_services s, plans pl WHERE s.id = addon.service_id AND pl.id = addon.plan_id
$$;

CREATE FUNCTION souk_apps_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT souk_webhook_wanted(CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, 'app') THEN RETURN NULL; END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NEW.name IS DISTINCT FROM OLD.name THEN
            PERFORM souk_webhook_event(NEW.id, 'app', 'update', NULL, souk_app_json(NEW),
                                       jsonb_build_object('name', OLD.name));
        END IF;
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM souk_webhook_event(OLD.id, 'app', 'destroy', NULL, souk_app_json(OLD), NULL);
        RETURN NULL;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER apps_webhook AFTER UPDATE OR DELETE ON apps FOR EACH ROW EXECUTE FUNCTION souk_apps_webhook();

-- An app's create event is its owner's arrival: the app row alone doesn't know who made it.
CREATE FUNCTION souk_members_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    member app_members := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    data jsonb;
BEGIN
    IF TG_OP = 'INSERT' AND NEW.role = 'owner' THEN
        -- A new app has no webhook yet.
        IF NOT souk_webhook_wanted(NEW.app_id, 'app') THEN RETURN NULL; END IF;
        PERFORM souk_webhook_event(NEW.app_id, 'app', 'create', NEW.account_id,
                                   (SELECT souk_app_json(a) FROM apps a WHERE a.id = NEW.app_id), NULL);
        RETURN NULL;
    END IF;
    IF NOT souk_webhook_wanted(member.app_id, 'collaborator') THEN RETURN NULL; END IF;
    IF NOT EXISTS (SELECT 1 FROM apps WHERE id = member.app_id) THEN RETURN NULL; END IF;
    data := jsonb_build_object(
        'id', member.id, 'role', member.role,
        'user', (SELECT jsonb_build_object('id', a.id, 'email', a.email) FROM accounts a WHERE a.id = member.account_id),
        'app', (SELECT jsonb_build_object('id', a.id, 'name', a.name) FROM apps a WHERE a.id = member.app_id),
        'created_at', member.created_at, 'updated_at', member.updated_at);
    PERFORM souk_webhook_event(member.app_id, 'collaborator',
                               CASE TG_OP WHEN 'INSERT' THEN 'create' ELSE 'destroy' END, NULL, data, NULL);
    RETURN NULL;
END $$;

CREATE TRIGGER app_members_webhook AFTER INSERT OR DELETE ON app_members
    FOR EACH ROW EXECUTE FUNCTION souk_members_webhook();

CREATE FUNCTION souk_addons_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous jsonb := '{}';
BEGIN
    IF NEW.app_id IS NULL OR NOT souk_webhook_wanted(NEW.app_id, 'addon') THEN RETURN NULL; END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM souk_webhook_event(NEW.app_id, 'addon', 'create', NEW.created_by, souk_addon_json(NEW), NULL);
        RETURN NULL;
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state THEN previous := previous || jsonb_build_object('state', OLD.state); END IF;
    IF NEW.plan_id IS DISTINCT FROM OLD.plan_id THEN
        previous := previous || jsonb_build_object('plan', (
            SELECT jsonb_build_object('id', pl.id, 'name', s.slug || ':' || pl.name)
            FROM plans pl JOIN addon_services s ON s.id = pl.service_id WHERE pl.id = OLD.plan_id));
    END IF;
    IF previous = '{}' THEN RETURN NULL; END IF;
    PERFORM souk_webhook_event(NEW.app_id, 'addon',
                               CASE WHEN NEW.state = 'deprovisioned' THEN 'destroy' ELSE 'update' END, NULL,
                               souk_addon_json(NEW), previous);
    RETURN NULL;
END $$;

CREATE TRIGGER addons_webhook AFTER INSERT OR UPDATE OF state, plan_id ON addons
    FOR EACH ROW EXECUTE FUNCTION souk_addons_webhook();

CREATE FUNCTION souk_attachments_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    attachment addon_attachments := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
    IF NOT souk_webhook_wanted(attachment.app_id, 'addon-attachment') THEN RETURN NULL; END IF;
    IF NOT EXISTS (SELECT 1 FROM apps WHERE id = attachment.app_id) THEN RETURN NULL; END IF;
    PERFORM souk_webhook_event(
        attachment.app_id, 'addon-attachment', CASE TG_OP WHEN 'INSERT' THEN 'create' ELSE 'destroy' END, NULL,
        (SELECT jsonb_build_object(
            'id', attachment.id, 'name', attachment.name,
            'addon', jsonb_build_object('id', a.id, 'name', a.name,
                                        'app', jsonb_build_object('id', a.app_id, 'name', a.app_name)),
            'app', (SELECT jsonb_build_object('id', p.id, 'name', p.name) FROM apps p WHERE p.id = attachment.app_id),
            'created_at', attachment.created_at, 'updated_at', attachment.updated_at)
         FROM addons a WHERE a.id = attachment.addon_id),
        NULL);
    RETURN NULL;
END $$;

CREATE TRIGGER addon_attachments_webhook AFTER INSERT OR DELETE ON addon_attachments
    FOR EACH ROW EXECUTE FUNCTION souk_attachments_webhook();

-- Release events carry the release's description (which names the vars), never a value.
CREATE FUNCTION souk_releases_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT souk_webhook_wanted(NEW.app_id, 'release') THEN RETURN NULL; END IF;
    PERFORM souk_webhook_event(
        NEW.app_id, 'release', 'create', NEW.account_id,
        jsonb_build_object(
            'id', NEW.id, 'version', NEW.version, 'description', NEW.description, 'status', 'succeeded',
            'current', true,
            'user', (SELECT jsonb_build_object('id', a.id, 'email', a.email) FROM accounts a WHERE a.id = NEW.account_id),
            'app', (SELECT jsonb_build_object('id', p.id, 'name', p.name) FROM apps p WHERE p.id = NEW.app_id),
            'created_at', NEW.created_at, 'updated_at', NEW.created_at),
        NULL);
    RETURN NULL;
END $$;

CREATE TRIGGER releases_webhook AFTER INSERT ON releases FOR EACH ROW EXECUTE FUNCTION souk_releases_webhook();
