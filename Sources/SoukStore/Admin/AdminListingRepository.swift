import Foundation
import Logging
import PostgresNIO
import SoukCore

/// Every add-on and attachment on the platform, newest first, for admins. Each filter matches a column
/// indexed together with `(created_at, id)`, and pages resume after the last row's `(created_at, id)`:
/// a page costs the same at row one million as at row one, with no OFFSET and no per-row query.
public struct AdminListingRepository: Sendable {
    let database: Database
    let secrets: SecretBox
    let webURLBase: String?

    public init(database: Database, secrets: SecretBox, webURLBase: String?) {
        self.database = database
        self.secrets = secrets
        self.webURLBase = webURLBase
    }

    public func attachments(
        _ filter: AdminFilter, after: UUID?, limit: Int, logger: Logger
    ) async throws -> [Attachment] {
        if Self.isPrepared(filter, limit: limit, rows: AdminAttachmentPageStatement.rows) {
            return try await database.execute(AdminAttachmentPageStatement(after: after), logger: logger)
                .prefix(limit).map { try AttachmentRow.attachment($0, webURLBase: webURLBase) }
        }
        let rows = try await database.query(
            Self.listing(
                columns: AttachmentRow.columns, from: "addon_attachments", as: "at", joins: AttachmentRow.joins,
                filter, after: after, limit: limit
            ),
            logger: logger
        )
        var attachments: [Attachment] = []
        for try await row in rows {
            attachments.append(try AttachmentRow.attachment(row, webURLBase: webURLBase))
        }
        return attachments
    }

    public func addons(_ filter: AdminFilter, after: UUID?, limit: Int, logger: Logger) async throws -> [Addon] {
        if Self.isPrepared(filter, limit: limit, rows: AdminAddonPageStatement.rows) {
            return try await database.execute(AdminAddonPageStatement(after: after), logger: logger)
                .prefix(limit).map { try AddonRow.addon($0, webURLBase: webURLBase) }
        }
        let rows = try await database.query(
            Self.listing(
                columns: AddonRow.summaryColumns, from: "addons", as: "a", joins: AddonRow.summaryJoins, filter,
                after: after,
                limit: limit
            ),
            logger: logger
        )
        var addons: [Addon] = []
        for try await row in rows { addons.append(try AddonRow.addon(row, webURLBase: webURLBase)) }
        return addons
    }

    /// Whether a page has its prepared statement (`AdminPageStatement`): unfiltered, of at most `rows` rows. The
    /// rest are planned for their filters on each call, so that each filter's index bounds the scan.
    private static func isPrepared(_ filter: AdminFilter, limit: Int, rows: Int) -> Bool {
        filter == AdminFilter() && limit <= rows
    }

    /// One page of an admin listing over `table` (aliased `alias`; the add-on's own columns are `a.`): newest
    /// first, filtered, keyset-paged after the row `after`. Both listings share it, so they filter alike.
    private static func listing(
        columns: String, from table: String, as alias: String, joins: String, _ filter: AdminFilter, after: UUID?,
        limit: Int
    ) -> PostgresQuery {
        let keys = Keys(filter)
        return """
            SELECT \(unescaped: columns) FROM \(unescaped: table) \(unescaped: alias) \(unescaped: joins)
            WHERE (\(filter.service)::text IS NULL
                   OR \(unescaped: alias).service_id = (SELECT id FROM addon_services
                                       WHERE slug = \(filter.service) OR id = \(keys.serviceID)))
              AND (\(filter.app)::text IS NULL
                   OR \(unescaped: alias).app_id = (SELECT id FROM apps
                                     WHERE name = \(filter.app) OR id = \(keys.appID)))
              AND (\(filter.ownerEmail)::text IS NULL
                   OR \(unescaped: alias).owner_id = (SELECT id FROM accounts
                                     WHERE lower(email) = lower(\(filter.ownerEmail))))
              AND (\(filter.state?.rawValue)::text IS NULL OR a.state = \(filter.state?.rawValue))
              AND (\(after)::uuid IS NULL
                   OR (\(unescaped: alias).created_at, \(unescaped: alias).id)
                      < (SELECT created_at, id FROM \(unescaped: table) WHERE id = \(after)))
            ORDER BY \(unescaped: alias).created_at DESC, \(unescaped: alias).id DESC
            LIMIT \(limit)
            """
    }

    /// An add-on in any state, its attachments, its 50 latest provider calls and its jobs still to run
    /// (or failed): one query each.
    public func detail(_ id: UUID, calls: ProviderCallRepository, logger: Logger) async throws -> AdminAddonDetail? {
        guard let addon = try await addon(id, logger: logger) else { return nil }
        var attachments: [Attachment] = []
        for try await row in try await database.query(
            """
            SELECT \(unescaped: AttachmentRow.columns) FROM addon_attachments at \(unescaped: AttachmentRow.joins)
            WHERE at.addon_id = \(id) ORDER BY at.created_at, at.id
            """,
            logger: logger
        ) {
            attachments.append(try AttachmentRow.attachment(row, webURLBase: webURLBase))
        }
        var jobs: [JobSummary] = []
        for try await (jobID, kind, state, attempts, runAt, lastError, createdAt) in try await database.query(
            """
            SELECT id, kind, state, attempts, run_at, last_error, created_at FROM jobs
            WHERE addon_id = \(id) AND state <> 'done' ORDER BY created_at, id
            """,
            logger: logger
        ).decode((UUID, String, String, Int, Date, String?, Date).self) {
            jobs.append(
                JobSummary(
                    id: jobID, kind: kind, state: state, attempts: attempts, runAt: runAt, lastError: lastError,
                    createdAt: createdAt)
            )
        }
        let providerCalls = try await calls.calls(service: nil, addon: id, after: nil, limit: 50, logger: logger)
        return AdminAddonDetail(addon: addon, attachments: attachments, providerCalls: providerCalls, jobs: jobs)
    }

    private func addon(_ id: UUID, logger: Logger) async throws -> Addon? {
        let rows = try await database.query(
            "SELECT \(unescaped: AddonRow.summaryColumns) FROM addons a \(unescaped: AddonRow.summaryJoins) WHERE a.id = \(id)",
            logger: logger
        )
        for try await row in rows { return try AddonRow.addon(row, webURLBase: webURLBase) }
        return nil
    }

    /// The filters that may name an id: bound as UUIDs when they parse as one.
    private struct Keys {
        var serviceID: UUID?
        var appID: UUID?

        init(_ filter: AdminFilter) {
            serviceID = filter.service.flatMap(UUID.init(uuidString:))
            appID = filter.app.flatMap(UUID.init(uuidString:))
        }
    }
}
