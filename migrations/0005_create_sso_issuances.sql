-- Every single sign-on hand-off Souk issued: who opened which add-on's dashboard, from which app, and how
-- (a GET link or a POSTed form). Never the token itself.
CREATE TABLE sso_issuances (
    id              uuid PRIMARY KEY,
    addon_id        uuid NOT NULL REFERENCES addons (id) ON DELETE CASCADE,
    account_id      uuid REFERENCES accounts (id) ON DELETE SET NULL,
    context_app_id  uuid REFERENCES apps (id) ON DELETE SET NULL,
    method          text NOT NULL CHECK (method IN ('get', 'post')),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sso_issuances_addon_idx ON sso_issuances (addon_id, created_at DESC);
