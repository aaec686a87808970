import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// The provider's side: their services, pushing a manifest (every validator error shown by the form), one
/// service's manifest, plans and call log, and payouts.
struct DashboardProviderController: Sendable {
    let catalog: Catalog
    let biller: Biller
    let pages: DashboardPages
    let forms: DashboardForms

    static let callsPerPage = 50

    func register(on group: RouterGroup<SoukRequestContext>) {
        group.get("provider", use: list)
            .get("provider/manifest", use: manifestForm)
            .post("provider/manifest", use: push)
            .get("provider/services/:slug", use: show)
            .get("provider/payouts", use: payouts)
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> Response {
        let provider = try context.requireAccount()
        let services = try await catalog.manifests.services(
            of: provider, range: ListRange(field: "name", max: ListRange.largestMax), logger: context.logger)
        return pages.render(
            "provider", ProviderServicesPage(services: services.items), chrome: context.chrome())
    }

    @Sendable func manifestForm(request: Request, context: SoukRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        return pages.render(
            "manifest", ManifestPage(manifest: "", errors: ErrorList([])), chrome: context.chrome())
    }

    @Sendable func push(request: Request, context: SoukRequestContext) async throws -> Response {
        let provider = try context.requireAccount()
        let text = context.form["manifest"] ?? ""
        do {
            let document: JSONValue
            do {
                document = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            } catch {
                throw SoukError.invalidManifest([
                    FieldError(field: "manifest", message: "is not valid JSON: \(Self.describe(error))")
                ])
            }
            let (service, created, _) = try await catalog.manifests.push(
                document, by: provider, logger: context.logger)
            return DashboardRedirect.to(
                "/dashboard/provider/services/\(service.service.name)",
                flash: .notice(
                    created
                        ? "Created \(service.service.name) (\(service.service.state.rawValue))."
                        : "Updated \(service.service.name) to manifest version \(service.manifestVersion)."),
                cookies: forms.cookies)
        } catch let error as SoukError {
            let apiError = APIError(error)
            guard apiError.status != .notFound else { throw error }
            var chrome = context.chrome()
            let problems = apiError.body.errors?.count ?? 0
            chrome.flash = .error(
                problems == 0
                    ? apiError.body.message
                    : "Nothing was saved: the manifest has \(problems) problem\(problems == 1 ? "" : "s"), listed beside it."
            )
            return pages.render(
                "manifest", ManifestPage(manifest: text, errors: ErrorList(apiError.body.errors ?? [])),
                chrome: chrome, status: apiError.status)
        }
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> Response {
        let provider = try context.requireAccount()
        let slug = try context.parameters.require("slug")
        let service = try await catalog.manifests.service(slug, of: provider, logger: context.logger)
        let after = try Self.cursor(request)
        async let manifest = catalog.manifests.currentManifest(slug, of: provider, logger: context.logger)
        async let plans = catalog.plans.plans(ofService: slug, viewer: provider, logger: context.logger)
        async let calls = catalog.browsing.calls.calls(
            service: service.service.id, addon: nil, after: after, limit: Self.callsPerPage + 1,
            logger: context.logger)
        let log = CallLog(fetched: try await calls, limit: Self.callsPerPage) {
            "/dashboard/provider/services/\(slug)?after=\($0.lowercasedString)"
        }
        let page = try ProviderServicePage(
            service: service, manifest: try await manifest, plans: try await plans ?? [], calls: log)
        return pages.render("provider-service", page, chrome: context.chrome())
    }

    @Sendable func payouts(request: Request, context: SoukRequestContext) async throws -> Response {
        let provider = try context.requireAccount()
        let payouts = try await biller.payouts(for: provider, month: nil, logger: context.logger)
        return pages.render("payouts", PayoutsPage(payouts: payouts), chrome: context.chrome())
    }

    /// `?after=ID`: the last call of the previous page.
    static func cursor(_ request: Request) throws -> UUID? {
        guard let raw = request.uri.queryParameters.get("after"), !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw) else { throw SoukError.badRequest("after must be an id.") }
        return id
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        }
        return "\(error)"
    }
}
