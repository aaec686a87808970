-- A broker's instance names its own dashboard (OSB `dashboard_url`): single sign-on leads there.
ALTER TABLE addons ADD COLUMN provider_dashboard_url text;
