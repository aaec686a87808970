-- The marketplace: add-on services registered by providers, every manifest they pushed, and plans.
CREATE TABLE addon_services (
    id                  uuid PRIMARY KEY,
    slug                text NOT NULL UNIQUE,
    provider_id         uuid NOT NULL REFERENCES accounts (id),
    flavour             text NOT NULL CHECK (flavour IN ('heroku', 'scalingo')),
    human_name          text NOT NULL,
    short_description   text,
    description         text,
    logo_url            text,
    state               text NOT NULL DEFAULT 'alpha' CHECK (state IN ('alpha', 'beta', 'ga', 'shutdown')),
    api_username        text NOT NULL,
    -- Sealed with SOUK_ENCRYPTION_KEY; the service id is the associated data.
    sealed_password     bytea NOT NULL,
    sealed_sso_salt     bytea NOT NULL,
    config_vars_prefix  text NOT NULL,
    config_vars         text[] NOT NULL,
    regions             text[] NOT NULL,
    requires            text[] NOT NULL,
    log_drain           boolean NOT NULL DEFAULT false,
    production_base_url text NOT NULL,
    production_sso_url  text,
    test_base_url       text,
    test_sso_url        text,
    manifest_version    integer NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX addon_services_provider_idx ON addon_services (provider_id, slug);
CREATE INDEX addon_services_state_idx ON addon_services (state, slug);

-- Manifests as pushed, every version. They hold the provider's secrets, so the body is sealed whole.
CREATE TABLE addon_manifests (
    id           uuid PRIMARY KEY,
    service_id   uuid NOT NULL REFERENCES addon_services (id) ON DELETE CASCADE,
    version      integer NOT NULL,
    sealed_body  bytea NOT NULL,
    pushed_by    uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (service_id, version)
);

CREATE TABLE plans (
    id           uuid PRIMARY KEY,
    service_id   uuid NOT NULL REFERENCES addon_services (id) ON DELETE CASCADE,
    name         text NOT NULL,
    human_name   text NOT NULL,
    description  text NOT NULL DEFAULT '',
    price_cents  integer NOT NULL CHECK (price_cents >= 0),
    price_unit   text NOT NULL DEFAULT 'month',
    is_default   boolean NOT NULL DEFAULT false,
    -- 'deprecated' plans are hidden from the catalog; add-ons already on them keep them.
    state        text NOT NULL DEFAULT 'public' CHECK (state IN ('public', 'deprecated')),
    options      jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (service_id, name)
);

CREATE UNIQUE INDEX plans_one_default ON plans (service_id) WHERE is_default;
