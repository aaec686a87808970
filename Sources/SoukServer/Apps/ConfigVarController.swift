import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// `/apps/{app}/config-vars`: the environment as a flat object; PATCH merges, `null` removes.
struct ConfigVarController: Sendable {
    let editor: ConfigEditor

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get(use: show)
            .patch(use: update)
    }

    /// The body and its tag were made when the environment was read from the database, once for every request it
    /// serves.
    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> Response {
        let viewer = try context.requireAccount()
        let environment = try await editor.environment(
            of: context.parameters.require("app"), viewer: viewer, logger: context.logger
        )
        return .json(environment.json, to: request) { environment.entityTag }
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
