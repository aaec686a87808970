import Foundation
import Logging
import SoukCore
import SoukStore

/// Apps and who may touch them. Owners and collaborators see an app and edit its config; only the
/// owner renames it, deletes it, or manages its collaborators (a collaborator may leave on their own).
/// Everyone else is told the app doesn't exist.
struct AppRegistry: Sendable {
    let apps: AppRepository
    let members: CollaboratorRepository
    let accounts: AccountRepository
    let addons: AddonRepository

    func create(name: String?, region: String?, owner: Account, logger: Logger) async throws -> App {
        let region = try Self.region(region)
        let ownerReference = AccountReference(id: owner.id, email: owner.email)
        if let name {
            return try await apps.create(
                name: AppName.validate(name), region: region, owner: ownerReference, logger: logger)
        }
        // Generated names collide rarely; a few fresh draws settle it.
        for attempt in 1...5 {
            do {
                return try await apps.create(
                    name: AppName.generate(), region: region, owner: ownerReference, logger: logger
                )
            } catch SoukError.conflict where attempt < 5 {
                continue
            }
        }
        throw SoukError.conflict("Could not find a free app name; please choose one.")
    }

    func access(_ app: String, viewer: Account, logger: Logger) async throws -> AppAccess {
        guard let access = try await apps.access(AppIdentifier(app), viewer: viewer.id, logger: logger) else {
            throw SoukError.notFound("Couldn't find that app.")
        }
        return access
    }

    func list(viewer: Account, range: ListRange, logger: Logger) async throws -> Page<App> {
        try await apps.list(viewer: viewer.id, range: range, logger: logger)
    }

    func rename(_ app: String, to name: String, viewer: Account, logger: Logger) async throws -> App {
        let name = try AppName.validate(name)
        var access = try await ownerAccess(app, viewer: viewer, action: "rename", logger: logger)
        guard access.app.name != name else { return access.app }
        try await apps.rename(access.app.id, to: name, actor: viewer.id, logger: logger)
        access = try await self.access(access.app.id.uuidString, viewer: viewer, logger: logger)
        return access.app
    }

    func destroy(_ app: String, viewer: Account, logger: Logger) async throws -> App {
        let access = try await ownerAccess(app, viewer: viewer, action: "delete", logger: logger)
        // Its add-ons go first: their vars leave the apps they are shared with, and their providers are
        // told by queued deprovision jobs.
        try await addons.removeAll(billedTo: access.app.id, actor: viewer.id, logger: logger)
        try await apps.delete(access.app.id, actor: viewer.id, logger: logger)
        return access.app
    }

    func collaborators(of app: String, viewer: Account, logger: Logger) async throws -> [Collaborator] {
        let access = try await access(app, viewer: viewer, logger: logger)
        return try await members.members(of: access.app.reference, logger: logger)
    }

    func collaborator(_ user: String, of app: String, viewer: Account, logger: Logger) async throws -> Collaborator {
        let all = try await collaborators(of: app, viewer: viewer, logger: logger)
        let wanted = UUID(uuidString: user)
        guard let found = all.first(where: { $0.user.id == wanted || $0.user.email.lowercased() == user.lowercased() })
        else {
            throw SoukError.notFound("Couldn't find that collaborator.")
        }
        return found
    }

    func addCollaborator(_ user: String, to app: String, viewer: Account, logger: Logger) async throws
        -> Collaborator
    {
        let access = try await ownerAccess(app, viewer: viewer, action: "add collaborators to", logger: logger)
        guard let account = try await accounts.reference(emailOrID: user, logger: logger) else {
            throw SoukError.notFound("Couldn't find that user.")
        }
        return try await members.add(account, to: access.app.reference, actor: viewer.id, logger: logger)
    }

    func removeCollaborator(_ user: String, from app: String, viewer: Account, logger: Logger) async throws
        -> Collaborator
    {
        let access = try await access(app, viewer: viewer, logger: logger)
        let account = try await accounts.reference(emailOrID: user, logger: logger)
        let leaving = account?.id == viewer.id
        guard access.isOwner || leaving else {
            throw SoukError.forbidden("Only the owner of \(access.app.name) can remove collaborators.")
        }
        guard let account,
            let removed = try await members.remove(
                account, from: access.app.reference, actor: viewer.id, logger: logger)
        else {
            throw SoukError.notFound("Couldn't find that collaborator.")
        }
        return removed
    }

    private func ownerAccess(_ app: String, viewer: Account, action: String, logger: Logger) async throws -> AppAccess {
        let access = try await access(app, viewer: viewer, logger: logger)
        guard access.isOwner else {
            throw SoukError.forbidden("Only the owner of \(access.app.name) can \(action) it.")
        }
        return access
    }

    static func region(_ name: String?) throws -> Region {
        guard let name else { return .us }
        guard let region = Region(rawValue: name) else {
            throw SoukError.invalidParams(
                "Region must be one of \(Region.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        return region
    }
}
