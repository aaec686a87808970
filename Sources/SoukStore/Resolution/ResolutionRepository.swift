import Foundation
import Logging
import PostgresNIO
import SoukCore

/// Heroku's resolve actions: the live add-ons, or the attachments, a caller may see that an identifier
/// names. Each is one query: candidates from the id, name and `(app_id, name)` indexes, ranked (exact
/// matches first), then the same visibility rule as `GET /addons` and `GET /addon-attachments`, and the
/// context app's access check alongside, so that an unknown app is told apart from no match.
public struct ResolutionRepository: Sendable {
    let database: Database
    let webURLBase: String?

    /// Shares the add-on repository's pool and `web_url` base.
    public init(addons: AddonRepository) {
        self.database = addons.database
        self.webURLBase = addons.webURLBase
    }

    /// Add-ons by id or name, or by the name of an attachment in the context app (or in `APP` of
    /// `APP::ATTACHMENT`); `service` is a service slug or id. Each add-on appears once.
    public func addons(
        _ identifier: ResolutionIdentifier, app: AppIdentifier?, service: String?, viewer: UUID, logger: Logger
    ) async throws -> Resolution<Addon> {
        let (appID, appName) = app?.lookupKeys ?? (nil, nil)
        let rows = try await database.query(
            """
            WITH ctx AS (
                SELECT ap.id FROM apps ap JOIN app_members me ON me.app_id = ap.id AND me.account_id = \(viewer)
                WHERE ap.id = \(appID) OR ap.name = \(appName)
            ), scope AS (
                SELECT ap.id FROM apps ap JOIN app_members me ON me.app_id = ap.id AND me.account_id = \(viewer)
                WHERE ap.name = \(identifier.qualifyingApp)
                UNION ALL
                SELECT id FROM ctx WHERE \(identifier.qualifyingApp)::text IS NULL
            ), candidates AS (
                SELECT a.id, 0 AS rank FROM addons a
                WHERE (a.id = \(identifier.id) OR a.name = \(identifier.addonName)) AND a.state <> 'deprovisioned'
                UNION ALL
                SELECT t.addon_id, CASE WHEN t.name = \(identifier.attachmentName) THEN 1 ELSE 2 END
                FROM scope JOIN addon_attachments t ON t.app_id = scope.id
                WHERE t.name = ANY(\(identifier.attachmentNames))
            ), matched AS (
                SELECT id, min(rank) AS rank FROM candidates GROUP BY id
            )
            SELECT x.*, (SELECT count(*) FROM ctx) AS context_apps
            FROM (SELECT 1) AS one
            LEFT JOIN LATERAL (
                SELECT \(unescaped: AddonRow.columns), m.rank AS match_rank
                FROM matched m JOIN addons a ON a.id = m.id \(unescaped: AddonRow.joins)
                WHERE a.state <> 'deprovisioned'
                  AND (\(service)::text IS NULL OR s.slug = \(service) OR s.id::text = \(service))
                  AND EXISTS (
                      SELECT 1 FROM addon_attachments v JOIN app_members vm ON vm.app_id = v.app_id
                      WHERE v.addon_id = a.id AND vm.account_id = \(viewer)
                  )
            ) x ON true
            ORDER BY x.match_rank, x.created_at, x.id
            """,
            logger: logger
        )
        return try await collect(rows, scoped: app != nil) { try AddonRow.addon($0, webURLBase: webURLBase) }
    }

    /// Attachments by id or name (in the context app, in `APP` of `APP::ATTACHMENT`, or else in any of the
    /// caller's apps), or an add-on's attachments in that scope by the add-on's id or name.
    public func attachments(
        _ identifier: ResolutionIdentifier, app: AppIdentifier?, service: String?, viewer: UUID, logger: Logger
    ) async throws -> Resolution<Attachment> {
        let (appID, appName) = app?.lookupKeys ?? (nil, nil)
        let scoped = app != nil
        let rows = try await database.query(
            """
            WITH ctx AS (
                SELECT ap.id FROM apps ap JOIN app_members me ON me.app_id = ap.id AND me.account_id = \(viewer)
                WHERE ap.id = \(appID) OR ap.name = \(appName)
            ), scope AS (
                SELECT ap.id FROM apps ap JOIN app_members me ON me.app_id = ap.id AND me.account_id = \(viewer)
                WHERE ap.name = \(identifier.qualifyingApp)
                UNION ALL
                SELECT id FROM ctx WHERE \(identifier.qualifyingApp)::text IS NULL
                UNION ALL
                SELECT app_id FROM app_members
                WHERE account_id = \(viewer) AND \(identifier.qualifyingApp)::text IS NULL AND NOT \(scoped)
            ), candidates AS (
                SELECT t.id, 0 AS rank FROM addon_attachments t WHERE t.id = \(identifier.id)
                UNION ALL
                SELECT t.id, CASE WHEN t.name = \(identifier.attachmentName) THEN 0 ELSE 1 END
                FROM scope JOIN addon_attachments t ON t.app_id = scope.id
                WHERE t.name = ANY(\(identifier.attachmentNames))
                UNION ALL
                SELECT t.id, 2 FROM addons a
                JOIN addon_attachments t ON t.addon_id = a.id JOIN scope ON scope.id = t.app_id
                WHERE (a.id = \(identifier.id) OR a.name = \(identifier.addonName)) AND a.state <> 'deprovisioned'
            ), matched AS (
                SELECT id, min(rank) AS rank FROM candidates GROUP BY id
            )
            SELECT x.*, (SELECT count(*) FROM ctx) AS context_apps
            FROM (SELECT 1) AS one
            LEFT JOIN LATERAL (
                SELECT \(unescaped: AttachmentRow.columns), m.rank AS match_rank
                FROM matched m JOIN addon_attachments at ON at.id = m.id \(unescaped: AttachmentRow.joins)
                JOIN app_members vm ON vm.app_id = at.app_id AND vm.account_id = \(viewer)
                JOIN addon_services s ON s.id = at.service_id
                WHERE a.state <> 'deprovisioned'
                  AND (\(service)::text IS NULL OR s.slug = \(service) OR s.id::text = \(service))
            ) x ON true
            ORDER BY x.match_rank, x.created_at, x.id
            """,
            logger: logger
        )
        return try await collect(rows, scoped: scoped) { try AttachmentRow.attachment($0, webURLBase: webURLBase) }
    }

    /// The one row without a match still says whether the context app was found.
    private func collect<Match: Sendable>(
        _ rows: some AsyncSequence<PostgresRow, any Error>, scoped: Bool,
        _ decode: (PostgresRow) throws -> Match
    ) async throws -> Resolution<Match> {
        var matches: [Match] = []
        var appFound = !scoped
        for try await row in rows {
            let named = row.makeRandomAccess()
            if try named["context_apps"].decode(Int.self) > 0 { appFound = true }
            guard try named["id"].decode(UUID?.self) != nil else { continue }
            matches.append(try decode(row))
        }
        return appFound ? .matches(matches) : .appNotFound
    }
}
