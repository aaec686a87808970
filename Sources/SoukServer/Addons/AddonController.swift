import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// Customers' add-on routes, in the Heroku Platform API v3 shapes: `/apps/{app}/addons[/{addon}]`
/// and `/addons[/{addon}]`.
struct AddonController: Sendable {
    let provisioner: Provisioner
    let partner: PartnerDesk

    struct ChangePlanBody: Decodable {
        var plan: PlanField
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get("apps/:app/addons", use: listForApp)
            .post("apps/:app/addons", use: create)
            .get("apps/:app/addons/:addon", use: showForApp)
            .patch("apps/:app/addons/:addon", use: changePlan)
            .delete("apps/:app/addons/:addon", use: remove)
            .get("addons", use: list)
            .get("addons/:addon", use: show)
    }

    @Sendable func create(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Addon> {
        let viewer = try context.requireAccount()
        let body = try await request.decodeJSON(as: CreateAddonRequest.self, context: context)
        let addon = try await provisioner.create(
            body, app: context.parameters.require("app"), viewer: viewer, logger: context.logger
        )
        return JSONResponse(addon, status: .created)
    }

    @Sendable func listForApp(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Addon]> {
        let viewer = try context.requireAccount()
        let addons = try await provisioner.addons(
            app: context.parameters.require("app"), viewer: viewer, logger: context.logger)
        return JSONResponse(page: try Self.page(addons, request: request))
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Addon]> {
        let viewer = try context.requireAccount()
        return JSONResponse(
            page: try Self.page(try await provisioner.addons(viewer: viewer, logger: context.logger), request: request))
    }

    @Sendable func showForApp(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Addon> {
        let viewer = try context.requireAccount()
        return JSONResponse(
            try await provisioner.addon(
                context.parameters.require("addon"), app: context.parameters.require("app"), viewer: viewer,
                logger: context.logger
            )
        )
    }

    /// Customers and providers (the partner API) share this path; their credentials tell them apart.
    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Addon> {
        if let provider = context.provider {
            let record = try await partner.record(
                context.parameters.require("addon"), provider: provider, logger: context.logger)
            return JSONResponse(record.addon)
        }
        let viewer = try context.requireAccount()
        return JSONResponse(
            try await provisioner.addon(context.parameters.require("addon"), viewer: viewer, logger: context.logger))
    }

    @Sendable func changePlan(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Addon> {
        let viewer = try context.requireAccount()
        let body = try await request.decodeJSON(as: ChangePlanBody.self, context: context)
        return JSONResponse(
            try await provisioner.changePlan(
                context.parameters.require("addon"), app: context.parameters.require("app"), plan: body.plan.name,
                viewer: viewer, logger: context.logger
            )
        )
    }

    @Sendable func remove(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Addon> {
        let viewer = try context.requireAccount()
        return JSONResponse(
            try await provisioner.remove(
                context.parameters.require("addon"), app: context.parameters.require("app"), viewer: viewer,
                logger: context.logger
            )
        )
    }

    /// Add-on lists are bounded by the caller's apps; they page in memory by name.
    static func page(_ addons: [Addon], request: Request) throws -> Page<Addon> {
        let range = try ListRange(header: request.headers[.range], fields: ["name"] + ListRange.timestampedFields)
        return Page(all: addons, range: range, own: { $0.name })
    }
}
