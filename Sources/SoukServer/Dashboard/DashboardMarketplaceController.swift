import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// The marketplace (every service the viewer may install, with its plans and prices), installing on an app,
/// and the viewer's invoices.
struct DashboardMarketplaceController: Sendable {
    let catalog: Catalog
    let registry: AppRegistry
    let provisioner: Provisioner
    let biller: Biller
    let pages: DashboardPages
    let forms: DashboardForms

    func register(on group: RouterGroup<SoukRequestContext>) {
        group.get("marketplace", use: list)
            .get("marketplace/:service", use: show)
            .post("marketplace/:service/install", use: install)
            .get("invoices", use: invoices)
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> Response {
        let viewer = try context.requireAccount()
        let services = try await catalog.browsing.services.catalog(
            viewer: viewer, range: ListRange(field: "name", max: ListRange.largestMax), logger: context.logger
        ).items.filter { $0.state.isPublic }
        let plans = try await catalog.browsing.plans.plans(
            ofServices: services.map(\.id), viewer: viewer, logger: context.logger)
        return pages.render(
            "marketplace", MarketplacePage(services: services, plans: plans), chrome: context.chrome())
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> Response {
        let viewer = try context.requireAccount()
        let slug = try context.parameters.require("service")
        guard
            let service = try await catalog.browsing.services.catalogService(
                slug, viewer: viewer, logger: context.logger),
            let plans = try await catalog.browsing.plans.plans(ofService: slug, viewer: viewer, logger: context.logger)
        else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        let apps = try await registry.list(
            viewer: viewer, range: ListRange(field: "name", max: ListRange.largestMax), logger: context.logger)
        return pages.render(
            "service", ServicePage(service: service, plans: plans, apps: apps.items.map(\.name)),
            chrome: context.chrome())
    }

    @Sendable func install(request: Request, context: SoukRequestContext) async throws -> Response {
        let viewer = try context.requireAccount()
        let slug = try context.parameters.require("service")
        return try await forms.act(back: "/dashboard/marketplace/\(slug)") {
            let app = try context.form.require("app")
            let plan = try context.form.require("plan")
            let addon = try await provisioner.create(
                CreateAddonRequest(plan: "\(slug):\(plan)", name: context.form.optional("name")), app: app,
                viewer: viewer, logger: context.logger)
            let notice =
                addon.state == .provisioned
                ? "\(addon.name) is ready on \(app)." : "\(addon.name) is being provisioned on \(app)."
            return .init(location: DashboardAppController.path(app, "addons"), notice: notice)
        }
    }

    @Sendable func invoices(request: Request, context: SoukRequestContext) async throws -> Response {
        let viewer = try context.requireAccount()
        async let current = biller.current(for: viewer, logger: context.logger)
        async let closed = biller.invoices(for: viewer, logger: context.logger)
        return pages.render(
            "invoices", InvoicesPage(current: try await current, closed: try await closed), chrome: context.chrome())
    }
}
