import Foundation
import Logging
import PostgresNIO
import SoukCore

/// Sharing a broker add-on: each further attachment is a binding of its own at the broker. The binding is
/// recorded (`binding`) with its job before the PUT, becomes the attachment with the app's release after it,
/// and is recorded (`unbinding`) with an unbind job before the DELETE, so a crash anywhere leaves a job that
/// finds it.
extension AttachmentRepository {
    /// Records the binding of `addon` for `app` under `name` and its job, claimed by the caller for `jobLease`.
    /// The same checks as any attachment run first, so that a refused attach makes no call.
    public func beginBinding(
        _ addon: UUID, to app: AppReference, name: String, confirmed: Bool, actor: UUID, jobLease: Duration,
        logger: Logger
    ) async throws -> (record: AddonRecord, job: Job) {
        try await database.transaction(logger: logger) { connection in
            guard let record = try await addons.lockedRecord(addon, on: connection, logger: logger),
                record.addon.state != .deprovisioned
            else { throw SoukError.notFound("Couldn't find that add-on.") }
            guard record.brokerBindable else {
                throw SoukError.invalidParams(
                    "\(record.addon.addonService.name) add-ons can't be shared: the broker's service is not bindable.")
            }
            guard record.addon.state == .provisioned else {
                throw SoukError.invalidParams("\(record.addon.name) is still provisioning; share it once it is ready.")
            }
            _ = try await connection.execute(AppLockStatement(id: app.id), logger: logger)
            try await checkName(
                name, of: record, in: app, confirmed: confirmed, actor: actor, on: connection, logger: logger)
            let binding = BrokerBinding(id: UUID(), appID: app.id, appName: app.name, name: name, actor: actor)
            try await connection.query(
                """
                INSERT INTO broker_bindings (id, addon_id, app_id, name, state)
                VALUES (\(binding.id), \(addon), \(app.id), \(name), 'binding')
                """,
                logger: logger)
            let job = try await JobRepository.enqueue(
                .bind(binding), addonID: addon, claimedFor: jobLease, on: connection, logger: logger)
            return (record, job)
        }
    }

    /// The broker made the binding: it becomes the attachment, its credentials (named already) arrive in the
    /// app with a release. When the binding can no longer become one (the add-on or the app went meanwhile,
    /// or the name was taken) the job turns into its unbind, and `nil` says so.
    public func completeBinding(
        _ binding: BrokerBinding, config vars: [String: String], job: Job, call: ProviderCallRepository.Entry,
        serviceID: UUID, logger: Logger
    ) async throws -> Attachment? {
        let bound = try await database.transaction(logger: logger) { connection -> Bool in
            try await ProviderCallRepository.record(
                call, serviceID: serviceID, addonID: job.addonID, jobID: job.id, on: connection, logger: logger)
            let record = try await addons.lockedRecord(job.addonID, on: connection, logger: logger)
            let apps = try await connection.query(
                "SELECT name FROM apps WHERE id = \(binding.appID) FOR UPDATE", logger: logger)
            var appExists = false
            for try await _ in apps.decode(String.self) { appExists = true }
            let taken = try await connection.query(
                """
                SELECT 1 FROM broker_bindings WHERE id = \(binding.id) AND state = 'binding'
                AND NOT EXISTS (SELECT 1 FROM addon_attachments WHERE app_id = \(binding.appID) AND name = \(binding.name))
                """,
                logger: logger)
            var free = false
            for try await _ in taken.decode(Int.self) { free = true }
            guard let record, record.addon.state == .provisioned, appExists, free else {
                _ = try await Self.unbind(binding.id, job: job, on: connection, logger: logger)
                return false
            }
            try await JobRepository.complete(job, on: connection, logger: logger)
            try await connection.query(
                """
                INSERT INTO addon_attachments (id, addon_id, app_id, name, service_id, owner_id)
                SELECT \(binding.id), \(record.addon.id), \(binding.appID), \(binding.name), \(record.serviceID),
                    account_id
                FROM app_members WHERE app_id = \(binding.appID) AND role = 'owner'
                """,
                logger: logger)
            try await connection.query(
                "UPDATE broker_bindings SET state = 'bound', updated_at = now() WHERE id = \(binding.id)",
                logger: logger)
            _ = try await config.edit(
                appID: binding.appID, actor: binding.actor, ownership: .attachment(binding.id), on: connection,
                logger: logger
            ) { _ in
                (ConfigChange(assigned: vars), .attach(attachment: binding.name, addon: record.addon.name))
            }
            return true
        }
        guard bound else { return nil }
        return try await attachments(app: binding.appID, addon: job.addonID, logger: logger).first {
            $0.id == binding.id
        }
    }

    /// The binding failed. `mitigate`: the broker may have made it, so the job turns into its unbind;
    /// otherwise nothing exists and the record goes.
    public func failBinding(
        _ binding: BrokerBinding, job: Job, reason: String, mitigate: Bool, logger: Logger
    ) async throws {
        try await database.transaction(logger: logger) { connection in
            if mitigate {
                _ = try await Self.unbind(binding.id, job: job, reason: reason, on: connection, logger: logger)
            } else {
                try await connection.query("DELETE FROM broker_bindings WHERE id = \(binding.id)", logger: logger)
                try await JobRepository.fail(job, error: reason, on: connection, logger: logger)
            }
        }
    }

    /// The broker acknowledged the unbind (or no longer had the binding): the record goes with the job.
    public func finishUnbinding(_ id: UUID, job: Job, logger: Logger) async throws {
        try await database.transaction(logger: logger) { connection in
            try await connection.query("DELETE FROM broker_bindings WHERE id = \(id)", logger: logger)
            try await JobRepository.complete(job, on: connection, logger: logger)
        }
    }

    /// The bindings of an add-on that may exist at its broker (beyond the billing one).
    public func bindings(of addon: UUID, logger: Logger) async throws -> [UUID] {
        let rows = try await database.query(
            "SELECT id FROM broker_bindings WHERE addon_id = \(addon) ORDER BY created_at, id", logger: logger)
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        return ids
    }

    /// The binding is gone at the broker: forget it.
    public func forgetBinding(_ id: UUID, logger: Logger) async throws {
        try await database.query("DELETE FROM broker_bindings WHERE id = \(id)", logger: logger)
    }

    /// Marks a binding `unbinding` and turns `job` (or, without one, a new job) into its unbind.
    static func unbind(
        _ id: UUID, job: Job? = nil, reason: String = "the attachment is gone", on connection: DatabaseConnection,
        logger: Logger
    ) async throws -> Job? {
        let rows = try await connection.query(
            """
            UPDATE broker_bindings SET state = 'unbinding', updated_at = now() WHERE id = \(id) RETURNING addon_id
            """,
            logger: logger)
        var addon: UUID?
        for try await found in rows.decode(UUID.self) { addon = found }
        if let job {
            try await JobRepository.convert(
                job, to: .unbind(bindingID: id), reason: reason, on: connection, logger: logger)
            return nil
        }
        guard let addon else { return nil }
        return try await JobRepository.enqueue(.unbind(bindingID: id), addonID: addon, on: connection, logger: logger)
    }
}
