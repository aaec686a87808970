-- Accounts and their API keys. Keys are stored only as SHA-256 hashes: a key is a
-- long random token, so a fast hash is enough and lets authentication be one index lookup.
CREATE TABLE accounts (
    id          uuid PRIMARY KEY,
    email       text NOT NULL,
    role        text NOT NULL CHECK (role IN ('user', 'admin')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));

CREATE TABLE api_keys (
    id          uuid PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key_hash    bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX api_keys_account_id_idx ON api_keys (account_id);
