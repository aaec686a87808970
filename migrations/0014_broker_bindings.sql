-- Open Service Broker bindings beyond the billing app's (issue #13): each further attachment of a bindable
-- broker add-on is a binding of its own, with the attachment's id, so that every app gets its own
-- credentials. A row exists from before the PUT until the broker acknowledged the DELETE: whatever
-- crashes in between, a job finds every binding that may exist at the broker.
CREATE TABLE broker_bindings (
    -- The binding id at the broker, and the attachment's id once bound.
    id          uuid PRIMARY KEY,
    addon_id    uuid NOT NULL REFERENCES addons (id),
    -- No foreign key: a binding of a deleted app must still be unbound.
    app_id      uuid NOT NULL,
    name        text NOT NULL,
    state       text NOT NULL CHECK (state IN ('binding', 'bound', 'unbinding')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX broker_bindings_addon_idx ON broker_bindings (addon_id);
CREATE INDEX broker_bindings_app_idx ON broker_bindings (app_id);

ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
    CHECK (kind IN ('provision', 'change_plan', 'deprovision', 'expire_provisioning', 'poll_broker', 'bind',
        'unbind'));

-- Kept from the catalog as the broker sent them: how long Souk polls an asynchronous operation (seconds),
-- and the dashboard's OAuth client.
ALTER TABLE addon_services
    ADD COLUMN broker_maximum_polling_duration integer,
    ADD COLUMN broker_dashboard_client jsonb;

-- A broker is deleted softly: its services and plans stay for the add-ons that were made from them.
ALTER TABLE brokers ADD COLUMN deleted_at timestamptz;
ALTER TABLE brokers DROP CONSTRAINT brokers_provider_id_name_key;
CREATE UNIQUE INDEX brokers_live_name_key ON brokers (provider_id, name) WHERE deleted_at IS NULL;
