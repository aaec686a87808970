-- Apps, who may see them, their current config and their releases.
CREATE TABLE apps (
    id               uuid PRIMARY KEY,
    name             text NOT NULL UNIQUE,
    region           text NOT NULL DEFAULT 'us',
    -- The current release number; bumping it takes the row lock that orders concurrent config writers.
    release_version  integer NOT NULL DEFAULT 0,
    released_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- The owner is the member whose role is 'owner'; access checks join here.
CREATE TABLE app_members (
    id          uuid PRIMARY KEY,
    app_id      uuid NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('owner', 'collaborator')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (app_id, account_id)
);

CREATE UNIQUE INDEX app_members_one_owner ON app_members (app_id) WHERE role = 'owner';
CREATE INDEX app_members_account_id_idx ON app_members (account_id, app_id);

-- The app's current environment. Values are sealed (AES-GCM, the app id as associated data).
CREATE TABLE config_vars (
    app_id        uuid NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    name          text NOT NULL,
    sealed_value  bytea NOT NULL,
    PRIMARY KEY (app_id, name)
);

-- Each release keeps the whole environment it produced, sealed as one blob, so that a rollback
-- restores exactly what that release ran with.
CREATE TABLE releases (
    id             uuid PRIMARY KEY,
    app_id         uuid NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    version        integer NOT NULL,
    description    text NOT NULL,
    account_id     uuid REFERENCES accounts (id) ON DELETE SET NULL,
    sealed_config  bytea NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (app_id, version)
);
