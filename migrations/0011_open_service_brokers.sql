-- Open Service Broker brokers (issue #13): a provider registers a broker, and each service of its catalog
-- becomes an add-on service of flavour 'osb', keeping the broker's ids, which never change.
CREATE TABLE brokers (
    id              uuid PRIMARY KEY,
    provider_id     uuid NOT NULL REFERENCES accounts (id),
    name            text NOT NULL,
    url             text NOT NULL,
    username        text NOT NULL,
    -- Sealed with SOUK_ENCRYPTION_KEY; the broker id is the associated data.
    sealed_password bytea NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider_id, name)
);

ALTER TABLE addon_services DROP CONSTRAINT addon_services_flavour_check;
ALTER TABLE addon_services ADD CONSTRAINT addon_services_flavour_check
    CHECK (flavour IN ('heroku', 'scalingo', 'osb'));
ALTER TABLE addon_services
    ADD COLUMN broker_id uuid REFERENCES brokers (id),
    ADD COLUMN broker_service_id text,
    ADD COLUMN broker_bindable boolean NOT NULL DEFAULT false,
    ADD COLUMN broker_plan_updateable boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT addon_services_broker_check
        CHECK ((flavour = 'osb') = (broker_id IS NOT NULL AND broker_service_id IS NOT NULL));
CREATE UNIQUE INDEX addon_services_broker_service_idx ON addon_services (broker_id, broker_service_id);

ALTER TABLE plans ADD COLUMN broker_plan_id text;
CREATE UNIQUE INDEX plans_broker_plan_idx ON plans (service_id, broker_plan_id);
