import Foundation
import Logging
import PostgresNIO
import SoukCore

/// Attachments: where an add-on's vars show up. Attaching and detaching change the app's config in the
/// same transaction (a release), with the add-on row locked first and the app after, the order every
/// add-on change takes.
public struct AttachmentRepository: Sendable {
    let database: Database
    let addons: AddonRepository
    let config: ConfigRepository
    let webURLBase: String?

    public init(database: Database, addons: AddonRepository, config: ConfigRepository, webURLBase: String?) {
        self.database = database
        self.addons = addons
        self.config = config
        self.webURLBase = webURLBase
    }

    /// One attachment, if the viewer is a member of its app.
    public func attachment(_ id: UUID, viewer: UUID, logger: Logger) async throws -> Attachment? {
        try await list(
            """
            SELECT \(unescaped: AttachmentRow.columns) FROM addon_attachments at \(unescaped: AttachmentRow.joins)
            JOIN app_members m ON m.app_id = at.app_id AND m.account_id = \(viewer)
            WHERE at.id = \(id)
            """,
            logger: logger
        ).first
    }

    /// Every attachment in the viewer's apps, oldest first.
    public func attachments(visibleTo viewer: UUID, logger: Logger) async throws -> [Attachment] {
        try await list(
            """
            SELECT \(unescaped: AttachmentRow.columns) FROM addon_attachments at \(unescaped: AttachmentRow.joins)
            JOIN app_members m ON m.app_id = at.app_id AND m.account_id = \(viewer)
            ORDER BY at.created_at, at.id
            """,
            logger: logger
        )
    }

    /// The attachments in an app, or of an add-on; the caller has checked access.
    public func attachments(app: UUID?, addon: UUID?, logger: Logger) async throws -> [Attachment] {
        try await list(
            """
            SELECT \(unescaped: AttachmentRow.columns) FROM addon_attachments at \(unescaped: AttachmentRow.joins)
            WHERE (\(app)::uuid IS NULL OR at.app_id = \(app)) AND (\(addon)::uuid IS NULL OR at.addon_id = \(addon))
            ORDER BY at.created_at, at.id
            """,
            logger: logger
        )
    }

    private func list(_ query: PostgresQuery, logger: Logger) async throws -> [Attachment] {
        var attachments: [Attachment] = []
        for try await row in try await database.query(query, logger: logger) {
            attachments.append(try AttachmentRow.attachment(row, webURLBase: webURLBase))
        }
        return attachments
    }

    /// Attaches an add-on to an app under `name`; a provisioned add-on's vars arrive with a release.
    /// Beyond its billing app only a shareable add-on may go; a taken name or var needs confirmation.
    public func attach(
        _ addon: UUID, to app: AppReference, name: String, confirmed: Bool, actor: UUID, logger: Logger
    ) async throws -> Attachment {
        let id = UUID()
        try await database.transaction(logger: logger) { connection in
            guard let record = try await addons.lockedRecord(addon, on: connection, logger: logger),
                record.addon.state != .deprovisioned
            else { throw SoukError.notFound("Couldn't find that add-on.") }
            // A broker add-on's attachments are bindings of their own (`beginBinding`).
            guard record.flavour != .osb else {
                throw SoukError.invalidParams("\(record.addon.name) is shared through its broker's bindings.")
            }
            guard app.id == record.addon.app.id || record.requires.contains("attachable") else {
                throw SoukError.invalidParams(
                    "\(record.addon.addonService.name) add-ons can't be shared;"
                        + " attach \(record.addon.name) only to \(record.addon.app.name)."
                )
            }
            _ = try await connection.execute(AppLockStatement(id: app.id), logger: logger)
            try await checkName(
                name, of: record, in: app, confirmed: confirmed, actor: actor, on: connection, logger: logger)
            try await connection.query(
                """
                INSERT INTO addon_attachments (id, addon_id, app_id, name, service_id, owner_id)
                SELECT \(id), \(addon), \(app.id), \(name), \(record.serviceID), account_id
                FROM app_members WHERE app_id = \(app.id) AND role = 'owner'
                """,
                logger: logger
            )
            guard record.addon.state == .provisioned else { return }
            _ = try await config.edit(
                appID: app.id, actor: actor, ownership: .attachment(id), on: connection, logger: logger
            ) { _ in
                (
                    ConfigChange(assigned: record.mapping.exposed(record.providerConfig, attachment: name)),
                    .attach(attachment: name, addon: record.addon.name)
                )
            }
        }
        guard
            let attachment = try await attachments(app: app.id, addon: addon, logger: logger).first(where: {
                $0.id == id
            })
        else { throw SoukError.notFound("Couldn't find that attachment.") }
        return attachment
    }

    /// Frees `name` in the app for an attachment of `record`: an attachment already named so is replaced
    /// (detached) only when `confirmed`, and so are vars of the app that the attachment would overwrite.
    func checkName(
        _ name: String, of record: AddonRecord, in app: AppReference, confirmed: Bool, actor: UUID,
        on connection: DatabaseConnection, logger: Logger
    ) async throws {
        if let taken = try await attachmentNamed(name, in: app.id, on: connection, logger: logger) {
            guard confirmed else {
                throw SoukError.confirmationRequired(
                    "\(app.name) already has an attachment named \(name)."
                        + " To replace it, set confirm to \(app.name)."
                )
            }
            _ = try await detach(taken, on: connection, logger: logger, actor: actor)
        }
        guard !confirmed else { return }
        let exposed = Array(record.mapping.exposedNames(attachment: name))
        let rows = try await connection.query(
            "SELECT name FROM config_vars WHERE app_id = \(app.id) AND name = ANY(\(exposed)) ORDER BY name",
            logger: logger
        )
        var collisions: [String] = []
        for try await taken in rows.decode(String.self) { collisions.append(taken) }
        if !collisions.isEmpty {
            throw SoukError.confirmationRequired(
                "This would overwrite \(collisions.joined(separator: ", ")) in \(app.name)."
                    + " To proceed, set confirm to \(app.name)."
            )
        }
    }

    /// Detaches: the vars leave the app with a release. The billing app's first attachment goes only
    /// with the add-on itself.
    /// An attachment that is a broker binding leaves with its unbind job, returned for the caller to run.
    public func detach(_ attachment: Attachment, actor: UUID, logger: Logger) async throws -> Job? {
        defer { addons.ssoTargets.drop(addon: attachment.addon.id) }
        return try await database.transaction(logger: logger) { connection in
            guard try await addons.lockedRecord(attachment.addon.id, on: connection, logger: logger) != nil else {
                throw SoukError.notFound("Couldn't find that attachment.")
            }
            let primary = try await connection.query(
                """
                SELECT t.id FROM addon_attachments t JOIN addons a ON a.id = t.addon_id
                WHERE t.addon_id = \(attachment.addon.id) AND t.app_id = a.app_id
                ORDER BY t.created_at, t.id LIMIT 1
                """,
                logger: logger
            )
            for try await id in primary.decode(UUID.self) where id == attachment.id {
                throw SoukError.invalidParams(
                    "\(attachment.name) is \(attachment.addon.name)'s attachment to its billing app;"
                        + " remove the add-on instead."
                )
            }
            return try await detach(
                (attachment.id, attachment.app.id, attachment.name, attachment.addon.name), on: connection,
                logger: logger, actor: actor
            )
        }
    }

    private func attachmentNamed(
        _ name: String, in app: UUID, on connection: DatabaseConnection, logger: Logger
    ) async throws -> (id: UUID, appID: UUID, name: String, addonName: String)? {
        let rows = try await connection.query(
            """
            SELECT t.id, t.app_id, t.name, a.name, (t.app_id = a.app_id AND t.id = (
                SELECT id FROM addon_attachments WHERE addon_id = a.id AND app_id = a.app_id
                ORDER BY created_at, id LIMIT 1
            ))
            FROM addon_attachments t JOIN addons a ON a.id = t.addon_id
            WHERE t.app_id = \(app) AND t.name = \(name)
            """,
            logger: logger
        )
        for try await (id, appID, name, addonName, isPrimary) in rows.decode((UUID, UUID, String, String, Bool).self) {
            if isPrimary {
                throw SoukError.conflict(
                    "\(name) is \(addonName)'s attachment to its billing app; choose another name.")
            }
            return (id, appID, name, addonName)
        }
        return nil
    }

    private func detach(
        _ attachment: (id: UUID, appID: UUID, name: String, addonName: String), on connection: DatabaseConnection,
        logger: Logger, actor: UUID
    ) async throws -> Job? {
        _ = try await config.edit(appID: attachment.appID, actor: actor, on: connection, logger: logger) { current in
            let owned = current.names(ownedBy: attachment.id)
            guard !owned.isEmpty else { return nil }
            return (ConfigChange(removed: owned), .detach(attachment: attachment.name, addon: attachment.addonName))
        }
        try await connection.query("DELETE FROM addon_attachments WHERE id = \(attachment.id)", logger: logger)
        return try await Self.unbind(attachment.id, on: connection, logger: logger)
    }
}
