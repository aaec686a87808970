import Foundation
import Logging
import PostgresNIO
import SoukCore

/// Add-ons and their attachments. Customers see an add-on when they are a member of an app it is
/// attached to; removed (`deprovisioned`) add-ons are kept for the record but shown to no customer.
public struct AddonRepository: Sendable {
    let database: Database
    let secrets: SecretBox
    let config: ConfigRepository
    /// `SOUK_PUBLIC_URL`, for each add-on's `web_url`; `nil` leaves it out.
    let webURLBase: String?
    /// The time billing periods open and close at.
    let clock: any SoukClock
    /// Removing an add-on, or detaching it, drops its single sign-on targets here at once.
    let ssoTargets: SSOTargetCache

    public init(
        database: Database, secrets: SecretBox, config: ConfigRepository, webURLBase: String?,
        clock: any SoukClock = SystemClock(), ssoTargets: SSOTargetCache = SSOTargetCache()
    ) {
        self.database = database
        self.secrets = secrets
        self.config = config
        self.webURLBase = webURLBase
        self.clock = clock
        self.ssoTargets = ssoTargets
    }

    /// One add-on by id or name, if the viewer is a member of an app it is attached to.
    public func addon(_ idOrName: String, viewer: UUID, logger: Logger) async throws -> Addon? {
        let id = UUID(uuidString: idOrName)
        let rows = try await database.query(
            """
            SELECT \(unescaped: AddonRow.summaryColumns) FROM addons a \(unescaped: AddonRow.summaryJoins)
            WHERE (a.id = \(id) OR a.name = \(idOrName)) AND a.state <> 'deprovisioned'
              AND EXISTS (
                  SELECT 1 FROM addon_attachments at JOIN app_members m ON m.app_id = at.app_id
                  WHERE at.addon_id = a.id AND m.account_id = \(viewer)
              )
            """,
            logger: logger
        )
        for try await row in rows { return try AddonRow.addon(row, webURLBase: webURLBase) }
        return nil
    }

    /// The live add-ons attached to an app, oldest first. The caller has checked access to the app.
    public func addons(attachedTo appID: UUID, logger: Logger) async throws -> [Addon] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: AddonRow.summaryColumns) FROM addons a \(unescaped: AddonRow.summaryJoins)
            WHERE a.state <> 'deprovisioned'
              AND a.id IN (SELECT addon_id FROM addon_attachments WHERE app_id = \(appID))
            ORDER BY a.created_at, a.id
            """,
            logger: logger
        )
        var addons: [Addon] = []
        for try await row in rows { addons.append(try AddonRow.addon(row, webURLBase: webURLBase)) }
        return addons
    }

    /// Every live add-on attached to an app the viewer is a member of, oldest first.
    public func addons(visibleTo viewer: UUID, logger: Logger) async throws -> [Addon] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: AddonRow.summaryColumns) FROM addons a \(unescaped: AddonRow.summaryJoins)
            WHERE a.state <> 'deprovisioned'
              AND a.id IN (
                  SELECT at.addon_id FROM addon_attachments at JOIN app_members m ON m.app_id = at.app_id
                  WHERE m.account_id = \(viewer)
              )
            ORDER BY a.created_at, a.id
            """,
            logger: logger
        )
        var addons: [Addon] = []
        for try await row in rows { addons.append(try AddonRow.addon(row, webURLBase: webURLBase)) }
        return addons
    }

    /// The full record of an add-on in any state, for the jobs and the partner API; `service` limits it
    /// to one provider's add-ons.
    public func record(_ id: UUID, service: UUID? = nil, logger: Logger) async throws -> AddonRecord? {
        let rows = try await database.execute(AddonRecordStatement(id: id, service: service), logger: logger)
        return try rows.first.map {
            try AddonRow.record($0, secrets: secrets, webURLBase: webURLBase)
        }
    }

    /// An add-on's attachments, in app-id order: the order in which several apps are locked.
    static func attachments(of addon: UUID, on connection: DatabaseConnection, logger: Logger) async throws
        -> [(id: UUID, appID: UUID, name: String)]
    {
        let rows = try await connection.query(
            "SELECT id, app_id, name FROM addon_attachments WHERE addon_id = \(addon) ORDER BY app_id, id",
            logger: logger
        )
        var attachments: [(id: UUID, appID: UUID, name: String)] = []
        for try await (id, appID, name) in rows.decode((UUID, UUID, String).self) {
            attachments.append((id, appID, name))
        }
        return attachments
    }

    /// Locks the add-on row for a state change and returns its current record.
    func lockedRecord(_ id: UUID, on connection: DatabaseConnection, logger: Logger) async throws -> AddonRecord? {
        let rows = try await connection.execute(LockedAddonRecordStatement(id: id), logger: logger)
        return try rows.first.map {
            try AddonRow.record($0, secrets: secrets, webURLBase: webURLBase)
        }
    }

    /// A provider's live add-ons, oldest first, one numbered page at a time (Scalingo's partner API pages
    /// by number), and how many there are.
    public func records(service: UUID, page: Int, perPage: Int, logger: Logger) async throws -> ([AddonRecord], Int) {
        // Callers bound both (PageQuery); saturate anyway, so that no input can trap here (issue #10).
        let limit = max(perPage, 0)
        let (product, overflow) = (max(page, 1) - 1).multipliedReportingOverflow(by: limit)
        let offset = overflow ? Int.max : product
        let rows = try await database.query(
            """
            SELECT \(unescaped: AddonRow.columns), count(*) OVER () AS total FROM addons a \(unescaped: AddonRow.joins)
            WHERE a.service_id = \(service) AND a.state <> 'deprovisioned'
            ORDER BY a.created_at, a.id
            LIMIT \(limit) OFFSET \(offset)
            """,
            logger: logger
        )
        var records: [AddonRecord] = []
        var total = 0
        for try await row in rows {
            records.append(try AddonRow.record(row, secrets: secrets, webURLBase: webURLBase))
            total = try row.makeRandomAccess()["total"].decode(Int.self)
        }
        if records.isEmpty, page > 1 {
            let counted = try await database.query(
                "SELECT count(*) FROM addons WHERE service_id = \(service) AND state <> 'deprovisioned'", logger: logger
            )
            for try await count in counted.decode(Int.self) { total = count }
        }
        return (records, total)
    }

    /// The email of the billing app's owner, which Scalingo providers read.
    public func ownerEmail(ofBillingApp addon: UUID, logger: Logger) async throws -> String? {
        let rows = try await database.query(
            """
            SELECT u.email FROM addons a
            JOIN app_members m ON m.app_id = a.app_id AND m.role = 'owner' JOIN accounts u ON u.id = m.account_id
            WHERE a.id = \(addon)
            """,
            logger: logger
        )
        for try await email in rows.decode(String.self) { return email }
        return nil
    }
}
