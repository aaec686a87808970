import Foundation
import Hummingbird
import SoukCore

/// `PATCH /admin/addon-services/{slug}` `{"state": "ga"}`: admins move services through their states.
struct AdminServiceController: Sendable {
    let registry: ManifestRegistry

    struct StateBody: Decodable {
        var state: ServiceState
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .patch(use: update)
    }

    @Sendable func update(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        ProviderAddonService
    > {
        _ = try context.requireAdmin()
        let body = try await request.decodeJSON(as: StateBody.self, context: context)
        return JSONResponse(
            try await registry.setState(body.state, of: context.parameters.require("slug"), logger: context.logger)
        )
    }
}
