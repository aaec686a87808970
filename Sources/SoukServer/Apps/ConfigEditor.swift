import Foundation
import Logging
import SoukCore
import SoukStore

/// An app's environment and its history: reading it, patching it, rolling it back. Each change is
/// one release.
struct ConfigEditor: Sendable {
    /// Where an edit's check of the app and its transaction hold one connection (`Database.holding`).
    let database: Database
    let registry: AppRegistry
    let config: ConfigRepository
    let releases: ReleaseRepository

    func environment(of app: String, viewer: Account, logger: Logger) async throws -> Environment {
        guard let environment = try await config.environment(of: AppIdentifier(app), viewer: viewer.id, logger: logger)
        else {
            throw SoukError.notFound("Couldn't find that app.")
        }
        return environment
    }

    /// Merges a PATCH (`null` removes a key) and returns the resulting environment.
    func update(_ app: String, patch: [String: String?], viewer: Account, logger: Logger) async throws
        -> [String: String]
    {
        let change = try ConfigChange(patch: patch)
        return try await database.holding {
            let access = try await registry.access(app, viewer: viewer, logger: logger)
            return try await config.edit(appID: access.app.id, actor: viewer.id, logger: logger) { current in
                let effective = change.effective(on: current.values)
                return (effective, .configVars(effective))
            }.config
        }
    }

    func releases(of app: String, range: ListRange, viewer: Account, logger: Logger) async throws
        -> Page<Release>
    {
        guard
            let page = try await releases.list(app: AppIdentifier(app), viewer: viewer.id, range: range, logger: logger)
        else {
            throw SoukError.notFound("Couldn't find that app.")
        }
        return page
    }

    func release(_ release: String, of app: String, viewer: Account, logger: Logger) async throws -> Release {
        guard let identifier = ReleaseIdentifier(release),
            let found = try await releases.release(
                identifier, app: AppIdentifier(app), viewer: viewer.id, logger: logger)
        else {
            throw SoukError.notFound("Couldn't find that release.")
        }
        return found
    }

    /// The environment as a release left it (`GET /apps/{app}/releases/{id_or_version}/config-vars`).
    func config(ofRelease release: String, of app: String, viewer: Account, logger: Logger) async throws
        -> [String: String]
    {
        let found = try await releases.config(
            ofRelease: ReleaseIdentifier(release), app: AppIdentifier(app), viewer: viewer.id, logger: logger
        )
        switch found {
        case .appNotFound: throw SoukError.notFound("Couldn't find that app.")
        case .releaseNotFound: throw SoukError.notFound("Couldn't find that release.")
        case .found(let config): return config
        }
    }

    /// Restores the environment of an earlier release, as a new release.
    func rollback(_ app: String, to release: String, viewer: Account, logger: Logger) async throws -> Release {
        let access = try await registry.access(app, viewer: viewer, logger: logger)
        guard let identifier = ReleaseIdentifier(release),
            let (version, target) = try await config.config(ofRelease: identifier, appID: access.app.id, logger: logger)
        else {
            throw SoukError.notFound("Couldn't find that release.")
        }
        let edit = try await config.edit(
            appID: access.app.id, actor: viewer.id, ownership: .unchanged, releasesUnchanged: true, logger: logger
        ) { current in
            let change = ConfigChange(assigned: target, removed: Set(current.values.keys).subtracting(target.keys))
            return (change, .rollback(toVersion: version))
        }
        guard let newVersion = edit.version else { throw SoukError.notFound("Couldn't find that app.") }
        return try await self.release(String(newVersion), of: access.app.id.uuidString, viewer: viewer, logger: logger)
    }
}
