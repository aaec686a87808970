import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

/// Reads an app's releases. Releases are written only by `ConfigRepository`, with the config they record.
public struct ReleaseRepository: Sendable {
    let database: Database
    let secrets: SecretBox

    public init(database: Database, secrets: SecretBox) {
        self.database = database
        self.secrets = secrets
    }

    /// What a release's environment lookup found: the app hidden or unknown, the release unknown, or the
    /// environment that release left (its sealed snapshot, the one a rollback restores).
    public enum ReleaseConfig: Sendable, Equatable {
        case appNotFound
        case releaseNotFound
        case found([String: String])
    }

    /// The environment as `release` left it, with the access check in the same query; the left join keeps
    /// "visible app, no such release" apart from "no such app".
    public func config(
        ofRelease release: ReleaseIdentifier?, app: AppIdentifier, viewer: UUID, logger: Logger
    ) async throws -> ReleaseConfig {
        let (appID, appName) = app.lookupKeys
        let (releaseID, version) = release?.lookupKeys ?? (nil, nil)
        let rows = try await database.query(
            """
            SELECT a.id, r.sealed_config
            FROM apps a
            JOIN app_members me ON me.app_id = a.id AND me.account_id = \(viewer)
            LEFT JOIN releases r ON r.app_id = a.id AND (r.id = \(releaseID) OR r.version = \(version))
            WHERE a.id = \(appID) OR a.name = \(appName)
            """,
            logger: logger
        )
        for try await (id, sealed) in rows.decode((UUID, ByteBuffer?).self) {
            guard let sealed else { return .releaseNotFound }
            return .found(try secrets.openReleaseConfig(sealed, appID: id))
        }
        return .appNotFound
    }

    typealias ReleaseRow = (UUID, String, Int, UUID?, Int?, String?, Date?, UUID?, String?)

    /// One keyset page of releases by version. `nil` when the caller can't see the app; the lateral
    /// join keeps "visible app without releases in range" (an empty page) apart from that.
    public func list(
        app: AppIdentifier, viewer: UUID, range: ListRange, logger: Logger
    ) async throws -> Page<Release>? {
        let (id, name) = app.lookupKeys
        let start = try Self.version(range.start)
        let end = try Self.version(range.end)
        let inclusive = !range.startIsExclusive
        let limit = range.max + 1
        let query: PostgresQuery =
            range.isDescending
            ? """
            SELECT a.id, a.name, a.release_version, r.id, r.version, r.description, r.created_at, u.id, u.email
            FROM apps a
            JOIN app_members me ON me.app_id = a.id AND me.account_id = \(viewer)
            LEFT JOIN LATERAL (
                SELECT * FROM releases
                WHERE app_id = a.id
                  AND (\(start)::int IS NULL OR version < \(start) OR (\(inclusive) AND version = \(start)))
                  AND (\(end)::int IS NULL OR version >= \(end))
                ORDER BY version DESC LIMIT \(limit)
            ) r ON true
            LEFT JOIN accounts u ON u.id = r.account_id
            WHERE a.id = \(id) OR a.name = \(name)
            ORDER BY r.version DESC
            """
            : """
            SELECT a.id, a.name, a.release_version, r.id, r.version, r.description, r.created_at, u.id, u.email
            FROM apps a
            JOIN app_members me ON me.app_id = a.id AND me.account_id = \(viewer)
            LEFT JOIN LATERAL (
                SELECT * FROM releases
                WHERE app_id = a.id
                  AND (\(start)::int IS NULL OR version > \(start) OR (\(inclusive) AND version = \(start)))
                  AND (\(end)::int IS NULL OR version <= \(end))
                ORDER BY version ASC LIMIT \(limit)
            ) r ON true
            LEFT JOIN accounts u ON u.id = r.account_id
            WHERE a.id = \(id) OR a.name = \(name)
            ORDER BY r.version ASC
            """
        var visible = false
        var releases: [Release] = []
        for try await row in try await database.query(query, logger: logger).decode(ReleaseRow.self) {
            visible = true
            if let release = Self.release(row) { releases.append(release) }
        }
        guard visible else { return nil }
        return Page(fetched: releases, range: range) { String($0.version) }
    }

    public func release(
        _ release: ReleaseIdentifier, app: AppIdentifier, viewer: UUID, logger: Logger
    ) async throws -> Release? {
        let (appID, appName) = app.lookupKeys
        let (releaseID, version) = release.lookupKeys
        let rows = try await database.query(
            """
            SELECT a.id, a.name, a.release_version, r.id, r.version, r.description, r.created_at, u.id, u.email
            FROM apps a
            JOIN app_members me ON me.app_id = a.id AND me.account_id = \(viewer)
            JOIN releases r ON r.app_id = a.id AND (r.id = \(releaseID) OR r.version = \(version))
            LEFT JOIN accounts u ON u.id = r.account_id
            WHERE a.id = \(appID) OR a.name = \(appName)
            """,
            logger: logger
        )
        for try await row in rows.decode(ReleaseRow.self) {
            return Self.release(row)
        }
        return nil
    }

    /// A Range bound on versions: `12` or `v12`.
    private static func version(_ bound: String?) throws -> Int? {
        guard let bound else { return nil }
        // Versions are PostgreSQL `int`s: a larger bound is the client's mistake, not the database's.
        guard let value = Int32(bound.hasPrefix("v") ? String(bound.dropFirst()) : bound), value >= 0 else {
            throw SoukError.badRequest("Invalid Range header: versions are whole numbers from 0 to \(Int32.max).")
        }
        return Int(value)
    }

    private static func release(_ row: ReleaseRow) -> Release? {
        guard let id = row.3, let version = row.4, let description = row.5, let createdAt = row.6 else { return nil }
        let user = row.7.flatMap { id in row.8.map { AccountReference(id: id, email: $0) } }
        return Release(
            id: id, app: AppReference(id: row.0, name: row.1), version: version, description: description,
            user: user, isCurrent: version == row.2, createdAt: createdAt
        )
    }
}
