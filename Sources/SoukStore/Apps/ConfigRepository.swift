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
        let edits = try await edit(
            apps: [appID], actor: actor, releasesUnchanged: releasesUnchanged, on: connection, logger: logger
        ) { _, current in
            try decide(current).map { ($0.change, $0.cause, ownership) }
        }
        guard let edited = edits[appID] else { throw SoukError.notFound("Couldn't find that app.") }
        return edited
    }

    /// The same edit for many apps at once (an add-on's config fanned out to every app it is attached to):
    /// a fixed number of statements whatever the number of apps, each app still getting its own release.
    /// Apps that don't exist are left out of the result. `locked` are the apps the caller has already locked,
    /// in id order, in this transaction (the add-on's completion locks them with its own update): then they
    /// are the apps that exist, and no lock is taken here.
    public func edit(
        apps appIDs: [UUID],
        actor: UUID?,
        releasesUnchanged: Bool = false,
        locked: Set<UUID>? = nil,
        on connection: DatabaseConnection,
        logger: Logger,
        decide: (UUID, AppConfig) throws -> (change: ConfigChange, cause: ReleaseCause, ownership: ConfigOwnership)?
    ) async throws -> [UUID: (config: [String: String], version: Int?)] {
        for appID in appIDs { cache.beginWrite(appID) }
        connection.whenTransactionEnds { [cache] in
            for appID in appIDs { cache.endWrite(appID) }
        }
        // Lock first, read after: a statement that waits for a row lock sees the locked row as its holder left
        // it, but every other table as it was when the statement began, which would lose the holder's vars.
        var current: [UUID: AppConfig] = [:]
        if let locked {
            for appID in appIDs where locked.contains(appID) { current[appID] = AppConfig() }
        } else {
            let rows = try await connection.query(
                "SELECT id FROM apps WHERE id = ANY(\(appIDs)) ORDER BY id FOR UPDATE", logger: logger
            )
            for try await appID in rows.decode(UUID.self) { current[appID] = AppConfig() }
        }
        let rows = try await connection.execute(ConfigVarsOfAppsStatement(appIDs: appIDs), logger: logger)
        for (appID, name, sealed, owner) in rows {
            current[appID]?.values[name] = try secrets.openConfigValue(sealed, appID: appID, name: name)
            current[appID]?.owners[name] = owner
        }

        var results: [UUID: (config: [String: String], version: Int?)] = [:]
        var write = ConfigWrite()
        for (appID, config) in current {
            results[appID] = (config.values, nil)
            guard let (proposed, cause, ownership) = try decide(appID, config) else { continue }
            let change = proposed.effective(on: config.values)
            guard !change.isEmpty || releasesUnchanged else { continue }
            let updated = change.applied(to: config.values)
            results[appID] = (updated, nil)
            try write.add(
                change, to: config, appID: appID, ownership: ownership, cause: cause, updated: updated, secrets: secrets
            )
        }
        guard !write.appIDs.isEmpty else { return results }
        for (appID, version) in try await connection.execute(
            ConfigWriteStatement(write: write, actor: actor), logger: logger)
        {
            results[appID]?.version = version
        }
        return results
    }
}
