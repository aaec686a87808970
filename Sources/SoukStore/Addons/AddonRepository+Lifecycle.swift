import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

/// Each state change of an add-on is one transaction: the add-on row, the config of every app it is
/// attached to (one release per app whose vars change) and the job that drove it commit together.
extension AddonRepository {
    /// The provider created the resource: keep its id, message and config, release the vars into every
    /// attached app, and mark the add-on `provisioned`, with the record of the `call` that said so (one
    /// commit for all of it). A no-op (bar the job and the call) if it is no longer provisioning. Four round
    /// trips inside the transaction: the job, the call and the add-on's lock (`FinishedCallStatement`); the
    /// add-on's update, with its attachments' apps locked (`MarkProvisionedStatement`); then the apps' vars
    /// read and written (`ConfigRepository.edit`).
    public func completeProvisioning(
        _ id: UUID, providerID: String, message: String?, config: [String: String]?, job: Job?,
        call: ProviderCallRepository.Entry? = nil, serviceID: UUID? = nil, logger: Logger
    ) async throws -> AddonRecord? {
        try await database.transaction(logger: logger) { connection in
            guard
                var record = try await finishCall(
                    FinishedCallStatement(addon: id, job: job, call: call, serviceID: serviceID),
                    on: connection, logger: logger),
                record.addon.state == .provisioning
            else { return nil }
            let providerConfig = config ?? record.providerConfig
            let marked = MarkProvisionedStatement(
                addon: id, providerID: providerID, message: message,
                sealedConfig: try secrets.sealAddonConfig(providerConfig, addonID: id))
            var attachments: [(id: UUID, appID: UUID, name: String)] = []
            var locked: Set<UUID> = []
            for row in try await connection.execute(marked, logger: logger) {
                attachments.append((row.id, row.appID, row.name))
                if row.appLocked { locked.insert(row.appID) }
            }
            try await releaseConfig(
                of: record, from: [:], to: providerConfig, cause: ReleaseCause.attach,
                attachments: LockedAttachments(list: attachments, lockedApps: locked), on: connection, logger: logger
            )
            record.addon.state = .provisioned
            record.addon.providerID = providerID
            record.addon.provisionMessage = message
            record.providerConfig = providerConfig
            return record
        }
    }

    /// Runs a `FinishedCallStatement`: the add-on's record, locked, or `nil` when it is gone.
    /// Throws `JobLeaseLost` when the job's claim had lapsed, which rolls the call's record back with it.
    private func finishCall(
        _ statement: FinishedCallStatement, on connection: DatabaseConnection, logger: Logger
    ) async throws -> AddonRecord? {
        guard let row = try await connection.execute(statement, logger: logger).first else { return nil }
        let named = row.makeRandomAccess()
        if let job = statement.job, try !named["held"].decode(Bool.self) { throw JobLeaseLost(jobID: job.id) }
        guard try named["id"].decode(UUID?.self) != nil else { return nil }
        return try AddonRow.record(row, secrets: secrets, webURLBase: webURLBase)
    }

    /// The provider accepted the request and will finish later (202): keep its id and message, and
    /// schedule the check that fails the add-on if it is still provisioning at `deadline`. The provider may
    /// already have finished through the partner API before this answer was processed: its id is kept
    /// all the same. `follow` is a job of Souk's own that finishes it (a broker's poll), due after `delay`.
    public func awaitProvisioning(
        _ id: UUID, providerID: String, message: String?, deadline: Date, job: Job, follow: JobWork? = nil,
        followAfter delay: Duration = .zero, logger: Logger
    ) async throws {
        try await database.transaction(logger: logger) { connection in
            try await JobRepository.complete(job, on: connection, logger: logger)
            let rows = try await connection.query(
                """
                UPDATE addons SET provider_id = \(providerID),
                    provision_message = COALESCE(\(message), provision_message),
                    provisioning_deadline = CASE WHEN state = 'provisioning' THEN \(deadline) END,
                    updated_at = now()
                WHERE id = \(id) AND state <> 'deprovisioned'
                RETURNING state
                """,
                logger: logger
            )
            var stillProvisioning = false
            for try await state in rows.decode(String.self) {
                stillProvisioning = state == AddonState.provisioning.rawValue
            }
            if stillProvisioning {
                _ = try await JobRepository.enqueue(
                    .expireProvisioning, addonID: id, runAt: deadline, on: connection, logger: logger
                )
                if let follow {
                    _ = try await JobRepository.enqueue(
                        follow, addonID: id, runAt: Date.now.addingTimeInterval(delay.inSeconds), on: connection,
                        logger: logger)
                }
            }
        }
    }

    /// Where the provider's own dashboard for the add-on is (a broker's `dashboard_url`): single sign-on leads
    /// there rather than to the service's `sso_url`.
    public func storeDashboardURL(_ id: UUID, url: String, logger: Logger) async throws {
        defer { ssoTargets.drop(addon: id) }
        try await database.query(
            "UPDATE addons SET provider_dashboard_url = \(url), updated_at = now() WHERE id = \(id)", logger: logger)
    }

    /// While an add-on is provisioning, the provider's config is stored without a release.
    public func storeProvisioningConfig(_ id: UUID, config: [String: String], logger: Logger) async throws {
        try await database.query(
            """
            UPDATE addons SET sealed_config = \(try secrets.sealAddonConfig(config, addonID: id)), updated_at = now()
            WHERE id = \(id)
            """,
            logger: logger
        )
    }

    /// Gives up on an add-on that never became usable: `deprovisioned`, attachments gone (its vars with
    /// them), and its job either failed (`reason`) or turned into a deprovision job that first finds out
    /// what the provider has (orphan mitigation).
    public func abandon(_ id: UUID, job: Job, reason: String, mitigate: Bool, logger: Logger) async throws {
        defer { ssoTargets.drop(addon: id) }
        try await database.transaction(logger: logger) { connection in
            guard let record = try await lockedRecord(id, on: connection, logger: logger) else { return }
            try await detachAll(record, on: connection, logger: logger)
            try await connection.query(
                "UPDATE addons SET state = 'deprovisioned', updated_at = now() WHERE id = \(id)", logger: logger
            )
            try await BillingLedger.close(id, at: clock.now(), on: connection, logger: logger)
            if mitigate {
                try await JobRepository.convertToMitigation(job, reason: reason, on: connection, logger: logger)
            } else {
                try await JobRepository.fail(job, error: reason, on: connection, logger: logger)
            }
        }
    }

    /// Removes an add-on: its vars leave every attached app (a release each), it becomes
    /// `deprovisioned`, and unless the provider already removed it (`notifyProvider` false) a deprovision
    /// job is queued, retried until it lands. `jobLease` hands that job to the caller to run at once.
    public func remove(
        _ id: UUID, actor: UUID?, notifyProvider: Bool = true, jobLease: Duration? = nil, logger: Logger
    ) async throws -> (record: AddonRecord, job: Job?)? {
        defer { ssoTargets.drop(addon: id) }
        return try await database.transaction(logger: logger) { connection in
            guard var record = try await lockedRecord(id, on: connection, logger: logger) else { return nil }
            guard record.addon.state != .deprovisioned else { return (record, nil) }
            try await WebhookActor.stamp(actor, on: connection, logger: logger)
            try await detachAll(record, actor: actor, on: connection, logger: logger)
            try await connection.query(
                "UPDATE addons SET state = 'deprovisioned', updated_at = now() WHERE id = \(id)", logger: logger
            )
            try await BillingLedger.close(id, at: clock.now(), on: connection, logger: logger)
            // A broker add-on's further bindings are unbound by its deprovision job, before the instance goes.
            try await connection.query(
                "UPDATE broker_bindings SET state = 'unbinding', updated_at = now() WHERE addon_id = \(id)",
                logger: logger)
            record.addon.state = .deprovisioned
            guard notifyProvider else { return (record, nil) }
            // Still provisioning without an id: the provider may yet create something, so find out first.
            let mitigate = record.addon.providerID == nil
            let job = try await JobRepository.enqueue(
                .deprovision(mitigate: mitigate), addonID: id, claimedFor: jobLease,
                on: connection, logger: logger
            )
            return (record, job)
        }
    }

    /// Removes every live add-on billed to an app, as deleting the app does.
    public func removeAll(billedTo app: UUID, actor: UUID?, logger: Logger) async throws {
        let rows = try await database.query(
            "SELECT id FROM addons WHERE app_id = \(app) AND state <> 'deprovisioned'", logger: logger
        )
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        for id in ids { _ = try await remove(id, actor: actor, logger: logger) }
    }

    /// New config from the provider (plan change, partner update): stored, and released into every
    /// attached app whose vars change. `plan` moves the add-on to that plan in the same transaction; a `nil`
    /// config changes only the plan (a broker's apps keep their bindings' credentials).
    public func applyConfig(
        _ id: UUID, config newConfig: [String: String]?, plan: UUID?, job: Job?, actor: UUID?, logger: Logger
    ) async throws -> AddonRecord? {
        try await database.transaction(logger: logger) { connection in
            if let job { try await JobRepository.complete(job, on: connection, logger: logger) }
            guard let record = try await lockedRecord(id, on: connection, logger: logger),
                record.addon.state != .deprovisioned
            else { return nil }
            let planChanges = plan != nil && plan != record.addon.plan.id
            try await WebhookActor.stamp(actor, on: connection, logger: logger)
            guard let config = newConfig else {
                try await connection.query(
                    "UPDATE addons SET plan_id = COALESCE(\(plan), plan_id), updated_at = now() WHERE id = \(id)",
                    logger: logger)
                if planChanges {
                    try await BillingLedger.changePlan(id, at: clock.now(), on: connection, logger: logger)
                }
                return try await lockedRecord(id, on: connection, logger: logger)
            }
            try await connection.query(
                """
                UPDATE addons SET sealed_config = \(try secrets.sealAddonConfig(config, addonID: id)),
                    plan_id = COALESCE(\(plan), plan_id), updated_at = now()
                WHERE id = \(id)
                """,
                logger: logger
            )
            if planChanges { try await BillingLedger.changePlan(id, at: clock.now(), on: connection, logger: logger) }
            if record.addon.state == .provisioned {
                try await releaseConfig(
                    of: record, from: record.providerConfig, to: config, cause: ReleaseCause.addonConfigUpdate,
                    actor: actor,
                    on: connection, logger: logger
                )
            }
            return try await lockedRecord(id, on: connection, logger: logger)
        }
    }

    /// Moves each attachment's vars from what `old` exposed to what `new` exposes; `cause` names each
    /// release from the attachment's name and the add-on's.
    private func releaseConfig(
        of record: AddonRecord, from old: [String: String], to new: [String: String],
        cause: (_ attachment: String, _ addon: String) -> ReleaseCause,
        actor: UUID? = nil, attachments: LockedAttachments? = nil, on connection: DatabaseConnection, logger: Logger
    ) async throws {
        try await editEachAttachedApp(
            of: record, actor: actor, attachments: attachments, on: connection, logger: logger
        ) { attachment, current in
            let exposed = record.mapping.exposed(new, attachment: attachment.name)
            let gone = Set(record.mapping.exposed(old, attachment: attachment.name).keys).subtracting(exposed.keys)
            let removed = gone.filter { current.owners[$0] == attachment.id }
            let change = ConfigChange(assigned: exposed, removed: removed)
            return (change, cause(attachment.name, record.addon.name), .attachment(attachment.id))
        }
    }

    /// Takes the add-on's vars out of every attached app (a release each) and deletes the attachments.
    func detachAll(
        _ record: AddonRecord, actor: UUID? = nil, on connection: DatabaseConnection, logger: Logger
    ) async throws {
        try await editEachAttachedApp(of: record, actor: actor, on: connection, logger: logger) { attachment, current in
            let owned = current.names(ownedBy: attachment.id)
            guard !owned.isEmpty else { return nil }
            return (
                ConfigChange(removed: owned), .detach(attachment: attachment.name, addon: record.addon.name),
                .attachment(attachment.id)
            )
        }
        try await connection.query("DELETE FROM addon_attachments WHERE addon_id = \(record.addon.id)", logger: logger)
    }

    /// One config edit per attachment, a release each, in a few statements however many apps the add-on is
    /// attached to: every app's first attachment in one `ConfigRepository.edit(apps:)`, then the second
    /// attachments of apps that have two, and so on.
    ///
    /// `attachments` are the add-on's, read by the caller under the add-on's lock, with the apps it has
    /// locked; without them they are read here and each round locks its apps.
    private func editEachAttachedApp(
        of record: AddonRecord, actor: UUID?, attachments known: LockedAttachments? = nil,
        on connection: DatabaseConnection, logger: Logger,
        decide: ((id: UUID, appID: UUID, name: String), AppConfig) throws -> (
            change: ConfigChange, cause: ReleaseCause, ownership: ConfigOwnership
        )?
    ) async throws {
        var rounds: [[UUID: (id: UUID, appID: UUID, name: String)]] = []
        var seen: [UUID: Int] = [:]
        let attachments: [(id: UUID, appID: UUID, name: String)]
        if let known {
            attachments = known.list
        } else {
            attachments = try await Self.attachments(of: record.addon.id, on: connection, logger: logger)
        }
        for attachment in attachments {
            let round = seen[attachment.appID, default: 0]
            seen[attachment.appID] = round + 1
            if round == rounds.count { rounds.append([:]) }
            rounds[round][attachment.appID] = attachment
        }
        for round in rounds {
            _ = try await config.edit(
                apps: round.keys.sorted(), actor: actor ?? record.createdBy, locked: known?.lockedApps,
                on: connection, logger: logger
            ) { appID, current in
                try round[appID].flatMap { try decide($0, current) }
            }
        }
    }
}
