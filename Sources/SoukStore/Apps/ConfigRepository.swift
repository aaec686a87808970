import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

/// An app's environment and the releases that record it. Every write bumps the app's release
/// counter under the app row's lock, so concurrent writers queue up and none loses an update.
public struct ConfigRepository: Sendable {
    let database: Database
    let secrets: SecretBox
    let cache: EnvironmentCache

    /// A `cache` that no `AppChangeListener` feeds never serves: every read goes to the database.
    public init(database: Database, secrets: SecretBox, cache: EnvironmentCache = EnvironmentCache()) {
        self.database = database
        self.secrets = secrets
        self.cache = cache
    }

    /// The hot read (every dyno boot): from memory when it can, else one prepared statement that brings the
    /// environment (one sealed box) and the app's members. `nil` when the viewer may not see the app.
    public func environment(of app: AppIdentifier, viewer: UUID, logger: Logger) async throws -> Environment? {
        let generation: UInt64
        switch cache.lookup(app) {
        case .hit(let environment):
            return environment.members.contains(viewer) ? environment : nil
        case .miss(let start):
            generation = start
        }
        let (id, name) = app.lookupKeys
        let rows = try await database.execute(CurrentEnvironmentStatement(id: id, name: name), logger: logger)
        guard let (appID, appName, sealed, members) = rows.first else { return nil }
        let environment = try Environment(
            appID: appID, appName: appName, members: Set(members),
            values: try secrets.openReleaseConfig(sealed, appID: appID)
        )
        cache.remember(environment, generation: generation)
        return environment.members.contains(viewer) ? environment : nil
    }

    /// The environment as release `version` left it, for rollbacks.
    public func config(ofRelease release: ReleaseIdentifier, appID: UUID, logger: Logger) async throws -> (
        version: Int, config: [String: String]
    )? {
        let (id, version) = release.lookupKeys
        let rows = try await database.query(
            """
            SELECT version, sealed_config FROM releases
            WHERE app_id = \(appID) AND (id = \(id) OR version = \(version))
            """,
            logger: logger
        )
        for try await (version, sealed) in rows.decode((Int, ByteBuffer).self) {
            return (version, try secrets.openReleaseConfig(sealed, appID: appID))
        }
        return nil
    }

    /// Locks the app, hands its current environment to `decide`, and when that returns a change,
    /// writes it and cuts one release, all in one transaction. Returns the resulting environment and
    /// the new release's version: `nil` when nothing changed, unless `releasesUnchanged` (rollbacks
    /// are recorded even when they restore what is already there).
    public func edit(
        appID: UUID,
        actor: UUID?,
        ownership: ConfigOwnership = .user,
        releasesUnchanged: Bool = false,
        logger: Logger,
        decide: (AppConfig) throws -> (change: ConfigChange, cause: ReleaseCause)?
    ) async throws -> (config: [String: String], version: Int?) {
        try await database.transaction(logger: logger) { connection in
            try await edit(
                appID: appID, actor: actor, ownership: ownership, releasesUnchanged: releasesUnchanged,
                on: connection, logger: logger, decide: decide
            )
        }
    }

    /// `edit` inside a transaction the caller holds, for changes that span several apps or tables.
    /// Callers locking several apps lock them in id order, so that two such changes never deadlock.
    public func edit(
        appID: UUID,
        actor: UUID?,
        ownership: ConfigOwnership = .user,
        releasesUnchanged: Bool = false,
        on connection: DatabaseConnection,
        logger: Logger,
        decide: (AppConfig) throws -> (change: ConfigChange, cause: ReleaseCause)?
    ) async throws -> (config: [String: String], version: Int?) {
        cache.beginWrite(appID)
        connection.whenTransactionEnds { [cache] in cache.endWrite(appID) }
        // Lock first, read after: a statement that waits for a row lock sees the locked row as its holder left
        // it, but every other table as it was when the statement began, which would lose the holder's vars.
        let locked = try await connection.query("SELECT 1 FROM apps WHERE id = \(appID) FOR UPDATE", logger: logger)
        guard try await locked.contains(where: { _ in true }) else {
            throw SoukError.notFound("Couldn't find that app.")
        }
        let rows = try await connection.query(
            "SELECT name, sealed_value, attachment_id FROM config_vars WHERE app_id = \(appID)", logger: logger
        )
        var current = AppConfig()
        for try await (name, sealed, owner) in rows.decode((String, ByteBuffer, UUID?).self) {
            current.values[name] = try secrets.openConfigValue(sealed, appID: appID, name: name)
            current.owners[name] = owner
        }
        guard let (proposed, cause) = try decide(current) else { return (current.values, nil) }
        let change = proposed.effective(on: current.values)
        guard !change.isEmpty || releasesUnchanged else { return (current.values, nil) }

        let updated = change.applied(to: current.values)
        let names = Array(change.assigned.keys)
        let sealedValues = try names.map {
            try secrets.sealConfigValue(change.assigned[$0]!, appID: appID, name: $0)
        }
        // Arrays of optional UUIDs don't bind; '' stands for "owned by the user".
        let owners: [String] = names.map { name in
            switch ownership {
            case .user: ""
            case .attachment(let id): id.uuidString
            case .unchanged: current.owners[name]?.uuidString ?? ""
            }
        }
        let sealedConfig = try secrets.sealReleaseConfig(updated, appID: appID)
        let written = try await connection.query(
            """
            WITH bump AS (
                UPDATE apps SET release_version = release_version + 1, released_at = now(), updated_at = now()
                WHERE id = \(appID) RETURNING release_version
            ), removed AS (
                DELETE FROM config_vars WHERE app_id = \(appID) AND name = ANY(\(Array(change.removed)))
            ), assigned AS (
                INSERT INTO config_vars (app_id, name, sealed_value, attachment_id)
                SELECT \(appID), n, v, NULLIF(o, '')::uuid
                FROM unnest(\(names)::text[], \(sealedValues)::bytea[], \(owners)::text[]) AS t (n, v, o)
                ON CONFLICT (app_id, name) DO UPDATE
                SET sealed_value = EXCLUDED.sealed_value, attachment_id = EXCLUDED.attachment_id
            )
            INSERT INTO releases (id, app_id, version, description, account_id, sealed_config)
            SELECT \(UUID()), \(appID), release_version, \(cause.description), \(actor), \(sealedConfig) FROM bump
            RETURNING version
            """,
            logger: logger
        )
        for try await version in written.decode(Int.self) {
            return (updated, version)
        }
        throw SoukError.notFound("Couldn't find that app.")
    }
}
