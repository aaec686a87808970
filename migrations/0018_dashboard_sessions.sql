-- The dashboard: an account may set a password (an scrypt hash, see PasswordHash), and signing in opens
-- a session. The browser holds the session's random token in a cookie; only its SHA-256 digest is kept
-- here, so a copy of this table opens nothing. Sessions expire, and end at sign-out and when the
-- password changes.
ALTER TABLE accounts ADD COLUMN password_hash text;

CREATE TABLE dashboard_sessions (
    token_hash  bytea PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

CREATE INDEX dashboard_sessions_account_id_idx ON dashboard_sessions (account_id);
CREATE INDEX dashboard_sessions_expires_at_idx ON dashboard_sessions (expires_at);
