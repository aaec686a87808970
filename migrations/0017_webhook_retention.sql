-- Webhook events are kept for a retention period (issue #15), then pruned oldest first with their deliveries:
-- this index finds them without a scan.
CREATE INDEX webhook_events_created_idx ON webhook_events (created_at);
