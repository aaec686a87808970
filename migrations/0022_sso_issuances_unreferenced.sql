-- A hand-off's record is history: it says which add-on, account and app a token was issued for when it was
-- issued, and needs no live row behind those ids. As foreign keys they cost every hand-off three look-ups and
-- three row locks on the add-on, the account and the app, held by every concurrent batch (PostgreSQL shares
-- them through multixacts): single sign-on ran 15-30 % faster without them (`wrk -t2 -c64` on the bench
-- database, alternating). And deleting an app had to find its hand-offs to null their `context_app_id`, with
-- no index to do it by: a scan of every hand-off ever issued, inside the app's deletion. Add-ons and accounts
-- are never deleted, so their keys' cascades never ran.
ALTER TABLE sso_issuances
    DROP CONSTRAINT sso_issuances_addon_id_fkey,
    DROP CONSTRAINT sso_issuances_account_id_fkey,
    DROP CONSTRAINT sso_issuances_context_app_id_fkey;
