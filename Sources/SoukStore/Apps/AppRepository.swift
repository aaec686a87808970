import Foundation
import Logging
import PostgresNIO
import SoukCore

/// Apps and their members. Every read folds the caller's membership into the query, so an app the
/// caller may not see is simply not found.
public struct AppRepository: Sendable {
    let database: Database
    let secrets: SecretBox
    let cache: EnvironmentCache
    /// An app's name and existence are part of single sign-on targets too.
    let ssoTargets: SSOTargetCache

    public init(
        database: Database, secrets: SecretBox, cache: EnvironmentCache = EnvironmentCache(),
        ssoTargets: SSOTargetCache = SSOTargetCache()
    ) {
        self.ssoTargets = ssoTargets
        self.database = database
        self.secrets = secrets
        self.cache = cache
    }

    typealias AppRow = (UUID, String, String, Date?, Date, Date, UUID, String, String)

    /// Creates the app, its owner membership and release v1 in one statement.
    public func create(name: String, region: Region, owner: AccountReference, logger: Logger) async throws -> App {
        let appID = UUID()
        let emptyConfig = try secrets.sealReleaseConfig([:], appID: appID)
        do {
            let rows = try await database.execute(
                CreateAppStatement(
                    appID: appID, name: name, region: region.rawValue, owner: owner.id, emptyConfig: emptyConfig),
                logger: logger)
            if let row = rows.first {
                return App(
                    id: row.0, name: row.1, owner: owner, region: Region(rawValue: row.2) ?? .us, releasedAt: row.3,
                    createdAt: row.4, updatedAt: row.5
                )
            }
            throw SoukError.conflict("The app could not be created.")
        } catch let error as PSQLError where error.isUniqueViolation(of: "apps_name_key") {
            throw SoukError.conflict("Name \(name) is already taken.")
        }
    }

    public func access(_ app: AppIdentifier, viewer: UUID, logger: Logger) async throws -> AppAccess? {
        let (id, name) = app.lookupKeys
        let rows = try await database.execute(AppAccessStatement(viewer: viewer, id: id, name: name), logger: logger)
        return rows.first.map(Self.access)
    }

    /// The caller's apps, ordered by name, id, `created_at` or `updated_at`, one keyset page at a time. The
    /// sort key is computed once, here, and sent back with each row, so `Next-Range` resumes exactly where
    /// the database left off (timestamps are followed by the id, so equal times still page in order).
    public func list(viewer: UUID, range: ListRange, logger: Logger) async throws -> Page<App> {
        let inclusive = !range.startIsExclusive
        let limit = range.max + 1
        let query: PostgresQuery =
            range.isDescending
            ? """
            SELECT a.id, a.name, a.region, a.released_at, a.created_at, a.updated_at, o.id, o.email, me.role, k.key
            FROM app_members me
            JOIN apps a ON a.id = me.app_id
            JOIN app_members om ON om.app_id = a.id AND om.role = 'owner'
            JOIN accounts o ON o.id = om.account_id
            CROSS JOIN LATERAL (SELECT CASE \(range.field)
                WHEN 'id' THEN a.id::text
                WHEN 'created_at' THEN to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z/"')
                    || a.id
                WHEN 'updated_at' THEN to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z/"')
                    || a.id
                ELSE a.name END AS key) k
            WHERE me.account_id = \(viewer)
              AND (\(range.start)::text IS NULL OR k.key < \(range.start) OR (\(inclusive) AND k.key = \(range.start)))
              AND (\(range.end)::text IS NULL OR k.key >= \(range.end))
            ORDER BY k.key DESC LIMIT \(limit)
            """
            : """
            SELECT a.id, a.name, a.region, a.released_at, a.created_at, a.updated_at, o.id, o.email, me.role, k.key
            FROM app_members me
            JOIN apps a ON a.id = me.app_id
            JOIN app_members om ON om.app_id = a.id AND om.role = 'owner'
            JOIN accounts o ON o.id = om.account_id
            CROSS JOIN LATERAL (SELECT CASE \(range.field)
                WHEN 'id' THEN a.id::text
                WHEN 'created_at' THEN to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z/"')
                    || a.id
                WHEN 'updated_at' THEN to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z/"')
                    || a.id
                ELSE a.name END AS key) k
            WHERE me.account_id = \(viewer)
              AND (\(range.start)::text IS NULL OR k.key > \(range.start) OR (\(inclusive) AND k.key = \(range.start)))
              AND (\(range.end)::text IS NULL OR k.key <= \(range.end))
            ORDER BY k.key ASC LIMIT \(limit)
            """
        var keyed: [(app: App, key: String)] = []
        let rows = try await database.query(query, logger: logger)
        for try await (a0, a1, a2, a3, a4, a5, a6, a7, a8, key) in rows.decode(
            (UUID, String, String, Date?, Date, Date, UUID, String, String, String).self
        ) {
            keyed.append((Self.access((a0, a1, a2, a3, a4, a5, a6, a7, a8)).app, key))
        }
        let page = Page(fetched: keyed, range: range) { $0.key }
        return Page(items: page.items.map(\.app), nextRange: page.nextRange)
    }

    /// `actor` is who did it, for the webhook event the change writes.
    public func rename(_ appID: UUID, to name: String, actor: UUID? = nil, logger: Logger) async throws {
        defer {
            cache.drop(appID)
            ssoTargets.drop(app: appID)
        }
        do {
            try await database.query(
                """
                WITH acting AS (SELECT set_config('souk.actor', \(actor?.lowercasedString ?? ""), true))
                UPDATE apps SET name = \(name), updated_at = now() FROM acting WHERE id = \(appID)
                """,
                logger: logger
            )
        } catch let error as PSQLError where error.isUniqueViolation(of: "apps_name_key") {
            throw SoukError.conflict("Name \(name) is already taken.")
        }
    }

    /// Deletes the app; its members, config vars, releases and attachments go with it (ON DELETE CASCADE).
    /// A broker binding of the app gets its unbind job in the same transaction: the broker must hear of it.
    public func delete(_ appID: UUID, actor: UUID? = nil, logger: Logger) async throws {
        defer {
            cache.drop(appID)
            ssoTargets.drop(app: appID)
        }
        try await database.transaction(logger: logger) { connection in
            try await connection.query(
                "SELECT set_config('souk.actor', \(actor?.lowercasedString ?? ""), true)", logger: logger)
            try await connection.query(
                """
                WITH gone AS (
                    UPDATE broker_bindings SET state = 'unbinding', updated_at = now()
                    WHERE app_id = \(appID) AND state = 'bound' RETURNING id, addon_id
                )
                INSERT INTO jobs (id, kind, addon_id, payload)
                SELECT gen_random_uuid(), \(Job.Kind.unbind.rawValue), addon_id, jsonb_build_object('binding_id', id)
                FROM gone
                """,
                logger: logger)
            try await connection.query("DELETE FROM apps WHERE id = \(appID)", logger: logger)
        }
    }

    static func access(_ row: AppRow) -> AppAccess {
        let app = App(
            id: row.0, name: row.1, owner: AccountReference(id: row.6, email: row.7),
            region: Region(rawValue: row.2) ?? .us, releasedAt: row.3, createdAt: row.4, updatedAt: row.5
        )
        return AppAccess(app: app, role: Collaborator.Role(rawValue: row.8) ?? .collaborator)
    }
}
