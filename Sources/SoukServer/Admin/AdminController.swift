import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// `GET /admin/addon-attachments`, `GET /admin/addons` (filters `service`, `app`, `owner`, `state`;
/// newest first; `Range: id ]LAST..; max=N` pages on, as `Next-Range` says) and `GET /admin/addons/{id}`.
struct AdminController: Sendable {
    let listings: AdminListingRepository
    let calls: ProviderCallRepository

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get("addon-attachments", use: attachments)
            .get("addons", use: addons)
            .get("addons/:addon", use: addon)
    }

    @Sendable func attachments(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Attachment]>
    {
        _ = try context.requireAdmin()
        let (filter, range, after) = try Self.query(request)
        let fetched = try await listings.attachments(filter, after: after, limit: range.max + 1, logger: context.logger)
        return JSONResponse(page: Page(fetched: fetched, range: range) { $0.id.lowercasedString })
    }

    @Sendable func addons(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Addon]> {
        _ = try context.requireAdmin()
        let (filter, range, after) = try Self.query(request)
        let fetched = try await listings.addons(filter, after: after, limit: range.max + 1, logger: context.logger)
        return JSONResponse(page: Page(fetched: fetched, range: range) { $0.id.lowercasedString })
    }

    @Sendable func addon(request: Request, context: SoukRequestContext) async throws -> JSONResponse<AdminAddonDetail> {
        _ = try context.requireAdmin()
        guard let id = UUID(uuidString: try context.parameters.require("addon")),
            let detail = try await listings.detail(id, calls: calls, logger: context.logger)
        else {
            throw SoukError.notFound("Couldn't find that add-on.")
        }
        return JSONResponse(detail)
    }

    /// The filters from the query string (`service`, `app`, `owner`, `state`); the dashboard's listings share them.
    static func filter(_ request: Request) throws -> AdminFilter {
        let parameters = request.uri.queryParameters
        func value(_ name: String) throws -> String? {
            guard let value = parameters.get(name), !value.isEmpty else { return nil }
            guard !value.contains("\0") else { throw SoukError.badRequest("\(name) may not contain NUL.") }
            return String(value.prefix(255))
        }
        var filter = AdminFilter(service: try value("service"), app: try value("app"), ownerEmail: try value("owner"))
        if let state = try value("state") {
            guard let parsed = AddonState(rawValue: state) else {
                throw SoukError.invalidParams("state must be provisioning, provisioned or deprovisioned.")
            }
            filter.state = parsed
        }
        return filter
    }

    /// The filters, and the page from `Range` (newest first, 100 by default).
    static func query(_ request: Request) throws -> (AdminFilter, ListRange, UUID?) {
        let filter = try filter(request)
        var range = try ListRange(header: request.headers[.range], fields: ["id"], isDescendingByDefault: true)
        if request.headers[.range] == nil { range.max = 100 }
        guard range.isDescending else { throw SoukError.badRequest("Admin listings run newest first (order=desc).") }
        let after = try range.start.map { raw -> UUID in
            guard let id = UUID(uuidString: raw) else {
                throw SoukError.badRequest("Invalid Range header: ids are UUIDs.")
            }
            return id
        }
        return (filter, range, after)
    }
}
