-- Plans the triggers of every install and config write make once per connection instead of once per row.
--
-- `souk_webhook_wanted` runs in the webhook triggers of apps, add-ons, attachments and releases: five times per
-- install, twice per config write. As a SQL function with a sub-select it is never inlined, and PostgreSQL
-- plans a SQL function's body on every call: 0.3 ms each, about a fifth of PostgreSQL's time per install under
-- load (pg_stat_statements, 64 connections). PL/pgSQL keeps the plan for the connection's life.
CREATE OR REPLACE FUNCTION souk_webhook_wanted(app uuid, resource text) RETURNS boolean LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN EXISTS (
        SELECT 1 FROM webhooks w
        WHERE ('api:' || resource) = ANY (w.include)
          AND (w.app_id = app OR w.addon_id IN (SELECT addon_id FROM addon_attachments WHERE app_id = app)));
END $$;

-- The attachment triggers' look-up of which add-ons are provisioned was planned afresh each time too: with
-- `id = ANY (changed)`, PostgreSQL judged each call's own plan cheaper than one kept for all, and paid the
-- planning every time. Kept, the plan is an index probe per id whatever their number.
ALTER FUNCTION souk_notify_attachments() SET plan_cache_mode = force_generic_plan;
