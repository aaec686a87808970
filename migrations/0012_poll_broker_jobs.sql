-- A broker that provisions asynchronously (202) is polled through GET …/last_operation by a job of its own.
ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
    CHECK (kind IN ('provision', 'change_plan', 'deprovision', 'expire_provisioning', 'poll_broker'));
