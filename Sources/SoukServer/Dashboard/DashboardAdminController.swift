import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// The admin's view: every add-on and attachment with the API's filters and keyset paging, service states,
/// and each service's call log.
struct DashboardAdminController: Sendable {
    let listings: AdminListingRepository
    let catalog: Catalog
    let pages: DashboardPages
    let forms: DashboardForms

    func register(on group: RouterGroup<SoukRequestContext>) {
        group.get("admin", use: home)
            .get("admin/addons", use: addons)
            .get("admin/attachments", use: attachments)
            .get("admin/services", use: services)
            .get("admin/services/:slug", use: service)
            .post("admin/services/:slug/state", use: setState)
    }

    @Sendable func home(request: Request, context: SoukRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        return DashboardRedirect.to("/dashboard/admin/addons", cookies: forms.cookies)
    }

    @Sendable func addons(request: Request, context: SoukRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let (filter, after, limit) = try Self.query(request)
        let fetched = try await listings.addons(filter, after: after, limit: limit + 1, logger: context.logger)
        let page = AdminListPage(
            filter: filter, isAddons: true, rows: fetched.prefix(limit).map(AdminListPage.row),
            hasMore: fetched.count > limit, limit: limit)
        return pages.render("admin-list", page, chrome: context.chrome())
    }

    @Sendable func attachments(request: Request, context: SoukRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let (filter, after, limit) = try Self.query(request)
        let fetched = try await listings.attachments(filter, after: after, limit: limit + 1, logger: context.logger)
        let page = AdminListPage(
            filter: filter, isAddons: false, rows: fetched.prefix(limit).map(AdminListPage.row),
            hasMore: fetched.count > limit, limit: limit)
        return pages.render("admin-list", page, chrome: context.chrome())
    }

    @Sendable func services(request: Request, context: SoukRequestContext) async throws -> Response {
        let admin = try context.requireAdmin()
        let services = try await catalog.browsing.services.catalog(
            viewer: admin, range: ListRange(field: "name", max: ListRange.largestMax), logger: context.logger)
        return pages.render(
            "admin-services", AdminServicesPage(services: services.items), chrome: context.chrome())
    }

    @Sendable func service(request: Request, context: SoukRequestContext) async throws -> Response {
        let admin = try context.requireAdmin()
        let slug = try context.parameters.require("slug")
        guard let service = try await catalog.services.catalogService(slug, viewer: admin, logger: context.logger)
        else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        let limit = DashboardProviderController.callsPerPage
        let fetched = try await catalog.browsing.calls.calls(
            service: service.id, addon: nil, after: try DashboardProviderController.cursor(request), limit: limit + 1,
            logger: context.logger)
        let log = CallLog(fetched: fetched, limit: limit) {
            "/dashboard/admin/services/\(slug)?after=\($0.lowercasedString)"
        }
        return pages.render(
            "admin-service",
            AdminServicePage(slug: service.name, name: service.humanName, state: service.state.rawValue, calls: log),
            chrome: context.chrome())
    }

    @Sendable func setState(request: Request, context: SoukRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let slug = try context.parameters.require("slug")
        return try await forms.act(back: "/dashboard/admin/services") {
            let raw = try context.form.require("state")
            guard let state = ServiceState(rawValue: raw) else {
                throw SoukError.invalidParams("state must be alpha, beta, ga or shutdown.")
            }
            let service = try await catalog.manifests.setState(state, of: slug, logger: context.logger)
            return .init(
                location: "/dashboard/admin/services", notice: "\(service.service.name) is now \(state.rawValue).")
        }
    }

    /// The API's filters, `after` (the last id of the previous page) and `limit` (50 by default, at most 200).
    static func query(_ request: Request) throws -> (AdminFilter, UUID?, Int) {
        let filter = try AdminController.filter(request)
        let after = try DashboardProviderController.cursor(request)
        let limit = request.uri.queryParameters.get("limit").flatMap { Int($0) }.map { min(max($0, 1), 200) } ?? 50
        return (filter, after, limit)
    }
}
