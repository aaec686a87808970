-- Every API key is an OAuth authorization (Heroku's `/oauth/authorizations`): it has a description,
-- may expire, and its holder may revoke or regenerate it. `origin` tells the key made with the account,
-- keys made later, and the admin key from SOUK_ADMIN_API_KEY, which the next such key replaces.
ALTER TABLE api_keys
    ADD COLUMN description text NOT NULL DEFAULT '',
    ADD COLUMN origin      text NOT NULL DEFAULT 'authorization'
        CHECK (origin IN ('account', 'authorization', 'environment')),
    ADD COLUMN expires_at  timestamptz,
    ADD COLUMN updated_at  timestamptz NOT NULL DEFAULT now();

-- Keys from before this migration count as made with their accounts (an earlier admin key from the
-- environment among them: `souk authorizations:revoke` ends it).
UPDATE api_keys SET origin = 'account', description = 'Created with the account', updated_at = created_at;

-- One list per account, newest first, without a sort.
CREATE INDEX api_keys_account_created_idx ON api_keys (account_id, created_at DESC, id);
DROP INDEX api_keys_account_id_idx;

-- Keys that stopped working, for every Souk process to drop from its authentication cache: each polls
-- this log a few times a second for rows of transactions that were unfinished at its previous poll
-- (`xid` at or above that poll's snapshot xmin), so that no commit order hides a row. A NULL key_hash
-- means every cached key (an account's role changed). Rows are pruned after a day.
CREATE TABLE credential_revocations (
    seq         bigserial PRIMARY KEY,
    key_hash    bytea,
    xid         bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
    revoked_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX credential_revocations_xid_idx ON credential_revocations (xid);
CREATE INDEX credential_revocations_revoked_at_idx ON credential_revocations (revoked_at);
