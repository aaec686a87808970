import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// A customer's apps: the list, and an app's page with its config vars, add-ons, releases, collaborators and
/// settings, each change a plain form. Every action goes through the same domain services as the API.
struct DashboardAppController: Sendable {
    let registry: AppRegistry
    let editor: ConfigEditor
    let provisioner: Provisioner
    let attacher: Attacher
    let singleSignOn: SingleSignOn
    let pages: DashboardPages
    let forms: DashboardForms

    func register(on group: RouterGroup<SoukRequestContext>) {
        group.get("apps", use: list)
            .post("apps", use: create)
            .get("apps/:app", use: show)
            .post("apps/:app/rename", use: rename)
            .post("apps/:app/destroy", use: destroy)
            .post("apps/:app/config-vars", use: setConfig)
            .post("apps/:app/config-vars/remove", use: removeConfig)
            .post("apps/:app/releases/:version/rollback", use: rollback)
            .post("apps/:app/collaborators", use: addCollaborator)
            .post("apps/:app/collaborators/remove", use: removeCollaborator)
            .post("apps/:app/addons/:addon/plan", use: changePlan)
            .post("apps/:app/addons/:addon/remove", use: removeAddon)
            .get("apps/:app/addons/:addon/open", use: open)
            .post("apps/:app/attachments", use: attach)
            .post("apps/:app/attachments/:attachment/remove", use: detach)
    }

    // MARK: Pages

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> Response {
        let viewer = try context.requireAccount()
        let apps = try await registry.list(
            viewer: viewer, range: ListRange(field: "name", max: 1000), logger: context.logger)
        return pages.render("apps", AppsPage(viewer: viewer, apps: apps.items), chrome: context.chrome())
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> Response {
        let viewer = try context.requireAccount()
        let name = try context.parameters.require("app")
        let logger = context.logger
        let access = try await registry.access(name, viewer: viewer, logger: logger)
        let app = access.app.id.uuidString
        async let environment = editor.environment(of: app, viewer: viewer, logger: logger)
        async let addons = provisioner.addons(app: app, viewer: viewer, logger: logger)
        async let attachments = attacher.attachments(app: app, viewer: viewer, logger: logger)
        async let releases = editor.releases(
            of: app, range: ListRange(field: "version", max: 20, isDescending: true), viewer: viewer, logger: logger)
        async let collaborators = registry.collaborators(of: app, viewer: viewer, logger: logger)
        let found = try await addons
        let plans = try await provisioner.plans.plans(
            ofServices: Array(Set(found.map(\.addonService.id))), viewer: viewer, logger: logger)
        let page = try AppPage(
            access: access, viewer: viewer, config: try await environment.values(),
            addons: found, attachments: try await attachments, plans: plans, releases: try await releases.items,
            collaborators: try await collaborators)
        return pages.render(
            "app", page,
            chrome: context.chrome(refresh: found.contains { $0.state == .provisioning } ? Self.path(page.name) : nil))
    }

    // MARK: Forms

    @Sendable func create(request: Request, context: SoukRequestContext) async throws -> Response {
        let viewer = try context.requireAccount()
        return try await forms.act(back: "/dashboard/apps") {
            let app = try await registry.create(
                name: context.form.optional("name"), region: nil, owner: viewer, logger: context.logger)
            return .init(location: Self.path(app.name), notice: "Created \(app.name).")
        }
    }

    @Sendable func rename(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        return try await forms.act(back: Self.path(app, "settings")) {
            let renamed = try await registry.rename(
                app, to: try context.form.require("name"), viewer: viewer, logger: context.logger)
            return .init(location: Self.path(renamed.name), notice: "Renamed \(app) to \(renamed.name).")
        }
    }

    @Sendable func destroy(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        return try await forms.act(back: Self.path(app, "settings")) {
            guard context.form.optional("confirm") == app else {
                throw SoukError.confirmationRequired("Type the app's name, \(app), to destroy it.")
            }
            let destroyed = try await registry.destroy(app, viewer: viewer, logger: context.logger)
            return .init(location: "/dashboard/apps", notice: "Destroyed \(destroyed.name).")
        }
    }

    @Sendable func setConfig(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        return try await forms.act(back: Self.path(app, "config-vars")) {
            let key = try context.form.require("key")
            _ = try await editor.update(
                app, patch: [key: context.form["value"] ?? ""], viewer: viewer, logger: context.logger)
            return .init(location: Self.path(app, "config-vars"), notice: "Set \(key).")
        }
    }

    @Sendable func removeConfig(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        return try await forms.act(back: Self.path(app, "config-vars")) {
            let key = try context.form.require("key")
            _ = try await editor.update(app, patch: [key: String?.none], viewer: viewer, logger: context.logger)
            return .init(location: Self.path(app, "config-vars"), notice: "Removed \(key).")
        }
    }

    @Sendable func rollback(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        let version = try context.parameters.require("version")
        return try await forms.act(back: Self.path(app, "releases")) {
            let release = try await editor.rollback(app, to: version, viewer: viewer, logger: context.logger)
            return .init(
                location: Self.path(app, "releases"), notice: "Rolled back to v\(version): now v\(release.version).")
        }
    }

    @Sendable func addCollaborator(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        return try await forms.act(back: Self.path(app, "collaborators")) {
            let email = try context.form.require("email")
            _ = try await registry.addCollaborator(email, to: app, viewer: viewer, logger: context.logger)
            return .init(location: Self.path(app, "collaborators"), notice: "Added \(email).")
        }
    }

    @Sendable func removeCollaborator(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        return try await forms.act(back: Self.path(app, "collaborators")) {
            let email = try context.form.require("email")
            _ = try await registry.removeCollaborator(email, from: app, viewer: viewer, logger: context.logger)
            let left = email.lowercased() == viewer.email.lowercased()
            return .init(
                location: left ? "/dashboard/apps" : Self.path(app, "collaborators"), notice: "Removed \(email).")
        }
    }

    @Sendable func changePlan(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        let addon = try context.parameters.require("addon")
        return try await forms.act(back: Self.path(app, "addons")) {
            let changed = try await provisioner.changePlan(
                addon, app: app, plan: try context.form.require("plan"), viewer: viewer, logger: context.logger)
            return .init(
                location: Self.path(app, "addons"), notice: "\(changed.name) is now on \(changed.plan.name).")
        }
    }

    @Sendable func removeAddon(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        let addon = try context.parameters.require("addon")
        return try await forms.act(back: Self.path(app, "addons")) {
            guard context.form.optional("confirm") == addon else {
                throw SoukError.confirmationRequired("Type the add-on's name, \(addon), to remove it.")
            }
            let removed = try await provisioner.remove(addon, app: app, viewer: viewer, logger: context.logger)
            return .init(location: Self.path(app, "addons"), notice: "Removed \(removed.name).")
        }
    }

    @Sendable func attach(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        return try await forms.act(back: Self.path(app, "addons")) {
            let addon = try context.form.require("addon", label: "add-on")
            let (attachment, _) = try await attacher.attach(
                addon: addon, to: app, name: context.form.optional("as"), confirm: nil, viewer: viewer,
                logger: context.logger)
            return .init(
                location: Self.path(app, "addons"), notice: "Attached \(attachment.addon.name) as \(attachment.name).")
        }
    }

    @Sendable func detach(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        let id = try context.parameters.require("attachment")
        return try await forms.act(back: Self.path(app, "addons")) {
            // Only an attachment of this app: the path names the app the button was on.
            let attachment = try await attacher.attachment(id, app: app, viewer: viewer, logger: context.logger)
            _ = try await attacher.detach(attachment.id.uuidString, viewer: viewer, logger: context.logger)
            return .init(location: Self.path(app, "addons"), notice: "Detached \(attachment.name).")
        }
    }

    /// Single sign-on: the same hand-off as the API's `…/sso/open`, for the session's account.
    @Sendable func open(request: Request, context: SoukRequestContext) async throws -> Response {
        let (viewer, app) = try Self.target(context)
        let prepared = try await singleSignOn.prepare(
            context.parameters.require("addon"), contextApp: app, extras: SSOExtras.parse(query: request.uri.query),
            viewer: viewer, logger: context.logger)
        if HandOffPage.sendsTokens(prepared.handOff, answering: request.method) {
            try await singleSignOn.issue(prepared, logger: context.logger)
        }
        return try HandOffPage(handOff: prepared.handOff).response(from: request, context: context)
    }

    // MARK: Helpers

    static func target(_ context: SoukRequestContext) throws -> (Account, String) {
        (try context.requireAccount(), try context.parameters.require("app"))
    }

    /// An app's page, at one of its sections.
    static func path(_ app: String, _ section: String? = nil) -> String {
        "/dashboard/apps/\(app)" + (section.map { "#\($0)" } ?? "")
    }
}
