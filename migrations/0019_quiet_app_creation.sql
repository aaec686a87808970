-- A new app's owner needs no announcement: no process can hold the environment of an app that didn't exist
-- (the cache keeps only environments it read, never a miss). And every NOTIFY costs more than its message:
-- PostgreSQL serialises the commits of notifying transactions on one lock held through the commit's WAL
-- flush, so with the owner's row announced, app creations committed one flush at a time (973 a second here,
-- against pgbench tpcb-like's 3,985 with group commit). The owner row is inserted only with its app
-- (CreateAppStatement); collaborators, and every change and removal, are still announced.
DROP TRIGGER app_members_notify_change ON app_members;

CREATE CONSTRAINT TRIGGER app_members_notify_change AFTER UPDATE OR DELETE ON app_members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION souk_notify_app_member_change();

CREATE CONSTRAINT TRIGGER app_members_notify_insert AFTER INSERT ON app_members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.role <> 'owner')
    EXECUTE FUNCTION souk_notify_app_member_change();
