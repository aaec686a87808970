import Foundation
import HTTPTypes
import Hummingbird
import SoukCore

/// `/apps`: create, list, show, rename, delete.
struct AppController: Sendable {
    let registry: AppRegistry

    struct CreateBody: Decodable {
        var name: String?
        var region: String?
    }

    struct UpdateBody: Decodable {
        var name: String?
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get(use: list)
            .post(use: create)
            .get(":app", use: show)
            .patch(":app", use: update)
            .delete(":app", use: destroy)
    }

    @Sendable func create(request: Request, context: SoukRequestContext) async throws -> JSONResponse<App> {
        let owner = try context.requireAccount()
        let body = try await request.decodeJSON(as: CreateBody.self, context: context)
        let app = try await registry.create(name: body.name, region: body.region, owner: owner, logger: context.logger)
        return JSONResponse(app, status: .created)
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[App]> {
        let viewer = try context.requireAccount()
        let range = try ListRange(header: request.headers[.range], fields: ["name"] + ListRange.timestampedFields)
        return JSONResponse(page: try await registry.list(viewer: viewer, range: range, logger: context.logger))
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<App> {
        let viewer = try context.requireAccount()
        let app = try context.parameters.require("app")
        return JSONResponse(try await registry.access(app, viewer: viewer, logger: context.logger).app)
    }

    @Sendable func update(request: Request, context: SoukRequestContext) async throws -> JSONResponse<App> {
        let viewer = try context.requireAccount()
        let app = try context.parameters.require("app")
        let body = try await request.decodeJSON(as: UpdateBody.self, context: context)
        guard let name = body.name else {
            return JSONResponse(try await registry.access(app, viewer: viewer, logger: context.logger).app)
        }
        return JSONResponse(try await registry.rename(app, to: name, viewer: viewer, logger: context.logger))
    }

    @Sendable func destroy(request: Request, context: SoukRequestContext) async throws -> JSONResponse<App> {
        let viewer = try context.requireAccount()
        let app = try context.parameters.require("app")
        return JSONResponse(try await registry.destroy(app, viewer: viewer, logger: context.logger))
    }
}

extension HTTPField.Name {
    static let range = Self("Range")!
}
