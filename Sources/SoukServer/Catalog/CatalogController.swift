import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// The marketplace catalog, readable without credentials for public services:
/// `/addon-services[/{id_or_name}[/plans[/{id_or_name}]]]` and `/plans/{id_or_name}`.
struct CatalogController: Sendable {
    let services: AddonServiceRepository
    let plans: PlanRepository

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get("addon-services", use: list)
            .get("addon-services/:service", use: show)
            .get("addon-services/:service/plans", use: listPlans)
            .get("addon-services/:service/plans/:plan", use: showPlan)
            .get("plans/:plan", use: showPlanByID)
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[AddonService]> {
        let range = try ListRange(header: request.headers[.range], fields: ["name"] + ListRange.timestampedFields)
        return JSONResponse(
            page: try await services.catalog(viewer: context.account, range: range, logger: context.logger))
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<AddonService> {
        guard
            let service = try await services.catalogService(
                context.parameters.require("service"), viewer: context.account, logger: context.logger
            )
        else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        return JSONResponse(service)
    }

    @Sendable func listPlans(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Plan]> {
        guard
            let found = try await plans.plans(
                ofService: context.parameters.require("service"), viewer: context.account, logger: context.logger
            )
        else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        let range = try ListRange(header: request.headers[.range], fields: ["name"] + ListRange.timestampedFields)
        return JSONResponse(page: Page(all: found, range: range, own: { $0.name }))
    }

    @Sendable func showPlan(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Plan> {
        guard
            let plan = try await plans.plan(
                context.parameters.require("plan"), ofService: context.parameters.require("service"),
                viewer: context.account, logger: context.logger
            )
        else {
            throw SoukError.notFound("Couldn't find that plan.")
        }
        return JSONResponse(plan)
    }

    @Sendable func showPlanByID(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Plan> {
        guard
            let plan = try await plans.plan(
                context.parameters.require("plan"), ofService: nil, viewer: context.account, logger: context.logger
            )
        else {
            throw SoukError.notFound("Couldn't find that plan.")
        }
        return JSONResponse(plan)
    }
}
