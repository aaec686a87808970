import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// What a provider manages: `POST /provider/manifests`, `/provider/addon-services/{slug}` with its
/// manifests, and its plans. Any account may become a provider; it sees only what it pushed.
struct ProviderController: Sendable {
    let registry: ManifestRegistry
    let planEditor: PlanEditor
    let calls: ProviderCallRepository

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .post("manifests", use: push)
            .get("addon-services", use: list)
            .get("addon-services/:slug", use: show)
            .get("addon-services/:slug/manifests", use: manifests)
            .get("addon-services/:slug/manifest", use: currentManifest)
            .get("addon-services/:slug/plans", use: listPlans)
            .post("addon-services/:slug/plans", use: createPlan)
            .patch("addon-services/:slug/plans/:plan", use: updatePlan)
            .delete("addon-services/:slug/plans/:plan", use: deletePlan)
            .get("addon-services/:slug/calls", use: listCalls)
    }

    @Sendable func push(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        ProviderAddonService
    > {
        let provider = try context.requireAccount()
        let document = try await request.decodeJSON(as: JSONValue.self, context: context)
        // 201 for a new service; 200 for a new version, and for an unchanged manifest (same version).
        let (service, created, _) = try await registry.push(document, by: provider, logger: context.logger)
        return JSONResponse(service, status: created ? .created : .ok)
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        [ProviderAddonService]
    > {
        let provider = try context.requireAccount()
        let range = try ListRange(header: request.headers[.range], fields: ["name"])
        return JSONResponse(page: try await registry.services(of: provider, range: range, logger: context.logger))
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        ProviderAddonService
    > {
        let provider = try context.requireAccount()
        return JSONResponse(
            try await registry.service(context.parameters.require("slug"), of: provider, logger: context.logger))
    }

    @Sendable func manifests(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        [ManifestVersion]
    > {
        let provider = try context.requireAccount()
        return JSONResponse(
            try await registry.manifests(context.parameters.require("slug"), of: provider, logger: context.logger)
        )
    }

    @Sendable func currentManifest(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        JSONValue
    > {
        let provider = try context.requireAccount()
        return JSONResponse(
            try await registry.currentManifest(context.parameters.require("slug"), of: provider, logger: context.logger)
        )
    }

    @Sendable func listPlans(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Plan]> {
        let provider = try context.requireAccount()
        let slug = try context.parameters.require("slug")
        _ = try await registry.service(slug, of: provider, logger: context.logger)
        return JSONResponse(try await planEditor.plans(of: slug, provider: provider, logger: context.logger))
    }

    @Sendable func createPlan(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Plan> {
        let provider = try context.requireAccount()
        let body = try await request.decodeJSON(as: JSONValue.self, context: context)
        let plan = try await planEditor.create(
            body, serviceSlug: context.parameters.require("slug"), provider: provider, logger: context.logger
        )
        return JSONResponse(plan, status: .created)
    }

    @Sendable func updatePlan(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Plan> {
        let provider = try context.requireAccount()
        let body = try await request.decodeJSON(as: JSONValue.self, context: context)
        return JSONResponse(
            try await planEditor.update(
                context.parameters.require("plan"), body: body, serviceSlug: context.parameters.require("slug"),
                provider: provider, logger: context.logger
            )
        )
    }

    @Sendable func deletePlan(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Plan> {
        let provider = try context.requireAccount()
        return JSONResponse(
            try await planEditor.delete(
                context.parameters.require("plan"), serviceSlug: context.parameters.require("slug"), provider: provider,
                logger: context.logger
            )
        )
    }

    /// The log of Souk's calls to this provider, newest first; `Range: id ]LAST..; max=N` pages on.
    @Sendable func listCalls(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        [ProviderCallEntry]
    > {
        let provider = try context.requireAccount()
        let service = try await registry.service(
            context.parameters.require("slug"), of: provider, logger: context.logger)
        let range = try ListRange(header: request.headers[.range], fields: ["id"], isDescendingByDefault: true)
        let after = try range.start.map { raw in
            guard let id = UUID(uuidString: raw) else {
                throw SoukError.badRequest("Invalid Range header: ids are UUIDs.")
            }
            return id
        }
        let fetched = try await calls.calls(
            service: service.service.id, addon: nil, after: after, limit: range.max + 1, logger: context.logger
        )
        return JSONResponse(page: Page(fetched: fetched, range: range) { $0.id.lowercasedString })
    }
}
