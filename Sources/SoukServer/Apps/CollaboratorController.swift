import Foundation
import Hummingbird
import SoukCore

/// `/apps/{app}/collaborators`: who besides the owner may see and change an app.
struct CollaboratorController: Sendable {
    let registry: AppRegistry

    struct CreateBody: Decodable {
        var user: String
        var silent: Bool?
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get(use: list)
            .post(use: create)
            .get(":user", use: show)
            .delete(":user", use: destroy)
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Collaborator]> {
        let viewer = try context.requireAccount()
        let range = try ListRange(header: request.headers[.range], fields: ["email"] + ListRange.timestampedFields)
        let all = try await registry.collaborators(
            of: context.parameters.require("app"), viewer: viewer, logger: context.logger
        )
        let page = Page(all: all, range: range, own: { $0.user.email })
        return JSONResponse(page: page)
    }

    @Sendable func create(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Collaborator> {
        let viewer = try context.requireAccount()
        let body = try await request.decodeJSON(as: CreateBody.self, context: context)
        let collaborator = try await registry.addCollaborator(
            body.user, to: context.parameters.require("app"), viewer: viewer, logger: context.logger
        )
        return JSONResponse(collaborator, status: .created)
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Collaborator> {
        let viewer = try context.requireAccount()
        return JSONResponse(
            try await registry.collaborator(
                context.parameters.require("user"), of: context.parameters.require("app"), viewer: viewer,
                logger: context.logger
            )
        )
    }

    @Sendable func destroy(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Collaborator> {
        let viewer = try context.requireAccount()
        return JSONResponse(
            try await registry.removeCollaborator(
                context.parameters.require("user"), from: context.parameters.require("app"), viewer: viewer,
                logger: context.logger
            )
        )
    }
}
