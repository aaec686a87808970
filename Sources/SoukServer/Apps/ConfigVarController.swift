import Foundation
import Hummingbird
import SoukCore

/// `/apps/{app}/config-vars`: the environment as a flat object; PATCH merges, `null` removes.
struct ConfigVarController: Sendable {
    let editor: ConfigEditor

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get(use: show)
            .patch(use: update)
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[String: String]> {
        let viewer = try context.requireAccount()
        return JSONResponse(
            try await editor.config(of: context.parameters.require("app"), viewer: viewer, logger: context.logger)
        )
    }

    @Sendable func update(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[String: String]>
    {
        let viewer = try context.requireAccount()
        let patch = try await request.decodeJSON(as: [String: String?].self, context: context)
        return JSONResponse(
            try await editor.update(
                context.parameters.require("app"), patch: patch, viewer: viewer, logger: context.logger
            )
        )
    }
}
