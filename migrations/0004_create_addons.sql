-- Add-ons, where their config vars show up (attachments), the jobs that carry every call to a
-- provider across crashes, and the log of those calls.
CREATE TABLE addons (
    -- Also the uuid sent to the provider: generated once, before the first call, reused by every retry.
    id                     uuid PRIMARY KEY,
    name                   text NOT NULL,
    service_id             uuid NOT NULL REFERENCES addon_services (id),
    plan_id                uuid NOT NULL REFERENCES plans (id),
    -- The billing app. Kept after the app is gone so that a pending deprovision still knows its add-on.
    app_id                 uuid REFERENCES apps (id) ON DELETE SET NULL,
    app_name               text NOT NULL,
    created_by             uuid REFERENCES accounts (id) ON DELETE SET NULL,
    state                  text NOT NULL CHECK (state IN ('provisioning', 'provisioned', 'deprovisioned')),
    provider_id            text,
    provision_message      text,
    options                jsonb NOT NULL DEFAULT '{}',
    -- The config the provider gave, under the provider's names, sealed (the add-on id is the associated data).
    sealed_config          bytea,
    provisioning_deadline  timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

-- Names are unique among live add-ons; a removed add-on's name may be taken again.
CREATE UNIQUE INDEX addons_live_name_key ON addons (name) WHERE state <> 'deprovisioned';
CREATE INDEX addons_app_idx ON addons (app_id, created_at) WHERE state <> 'deprovisioned';
CREATE INDEX addons_service_idx ON addons (service_id, created_at DESC, id DESC);
CREATE INDEX addons_created_idx ON addons (created_at DESC, id DESC);

CREATE TABLE addon_attachments (
    id          uuid PRIMARY KEY,
    addon_id    uuid NOT NULL REFERENCES addons (id) ON DELETE CASCADE,
    app_id      uuid NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    -- The prefix of every var the add-on exposes in this app (`PRIMARY_DB` → `PRIMARY_DB_URL`).
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (app_id, name)
);

CREATE INDEX addon_attachments_addon_idx ON addon_attachments (addon_id);
CREATE INDEX addon_attachments_created_idx ON addon_attachments (created_at DESC, id DESC);

-- Which attachment put a var into the app (NULL: the user set it).
ALTER TABLE config_vars ADD COLUMN attachment_id uuid REFERENCES addon_attachments (id) ON DELETE SET NULL;
CREATE INDEX config_vars_attachment_idx ON config_vars (attachment_id) WHERE attachment_id IS NOT NULL;

CREATE TABLE jobs (
    id          uuid PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('provision', 'change_plan', 'deprovision', 'expire_provisioning')),
    addon_id    uuid NOT NULL REFERENCES addons (id),
    state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
    payload     jsonb NOT NULL DEFAULT '{}',
    attempts    integer NOT NULL DEFAULT 0,
    run_at      timestamptz NOT NULL DEFAULT now(),
    -- A running job whose lease ran out belongs to whoever claims it next: its worker died.
    lease_until timestamptz,
    last_error  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE state IN ('pending', 'running');
CREATE INDEX jobs_addon_idx ON jobs (addon_id, created_at);

-- Every call to a provider: readable by that provider and by admins. Never credentials or bodies.
CREATE TABLE provider_calls (
    id           uuid PRIMARY KEY,
    service_id   uuid NOT NULL REFERENCES addon_services (id) ON DELETE CASCADE,
    addon_id     uuid REFERENCES addons (id) ON DELETE SET NULL,
    job_id       uuid REFERENCES jobs (id) ON DELETE SET NULL,
    method       text NOT NULL,
    url          text NOT NULL,
    status       integer,
    duration_ms  double precision NOT NULL,
    error        text,
    -- What Souk noticed without failing the call, e.g. undeclared config keys it dropped.
    warnings     text[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX provider_calls_addon_idx ON provider_calls (addon_id, created_at DESC);
CREATE INDEX provider_calls_service_idx ON provider_calls (service_id, created_at DESC, id DESC);

-- OAuth for the partner API: single-use grant codes sent at provisioning, and the tokens they buy.
-- Both are stored as SHA-256 digests only.
CREATE TABLE oauth_grants (
    code_hash   bytea PRIMARY KEY,
    addon_id    uuid NOT NULL REFERENCES addons (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

CREATE TABLE oauth_tokens (
    token_hash  bytea PRIMARY KEY,
    addon_id    uuid NOT NULL REFERENCES addons (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('access', 'refresh')),
    expires_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
