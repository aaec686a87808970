import Foundation
import Hummingbird
import SoukCore

/// Heroku's `/oauth/authorizations`: the caller's own API keys. `POST` makes one (its token is in that
/// answer only), `POST …/actions/regenerate` gives one a new token, `DELETE` revokes one. A revoked or
/// replaced token stops working on every Souk process within a second (`CredentialRevocationWatcher`).
struct AuthorizationController: Sendable {
    let registry: AccountRegistry

    struct CreateBody: Decodable {
        var description: String?
        var expiresIn: Int?
        var scope: [String]?

        enum CodingKeys: String, CodingKey {
            case description, scope
            case expiresIn = "expires_in"
        }
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get(use: list)
            .post(use: create)
            .get(":authorization", use: show)
            .delete(":authorization", use: revoke)
            .post(":authorization/actions/regenerate", use: regenerate)
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Authorization]> {
        JSONResponse(try await registry.authorizations(of: try context.requireAccount(), logger: context.logger))
    }

    @Sendable func create(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Authorization> {
        let account = try context.requireAccount()
        let body = try await request.decodeJSON(as: CreateBody.self, context: context)
        let authorization = try await registry.authorize(
            account, description: body.description, expiresIn: body.expiresIn, scope: body.scope, logger: context.logger
        )
        return JSONResponse(authorization, status: .created)
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Authorization> {
        JSONResponse(
            try await registry.authorization(
                context.parameters.require("authorization"), of: try context.requireAccount(), logger: context.logger
            )
        )
    }

    @Sendable func revoke(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Authorization> {
        JSONResponse(
            try await registry.revoke(
                context.parameters.require("authorization"), of: try context.requireAccount(), logger: context.logger
            )
        )
    }

    @Sendable func regenerate(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Authorization>
    {
        JSONResponse(
            try await registry.regenerate(
                context.parameters.require("authorization"), of: try context.requireAccount(), logger: context.logger
            )
        )
    }
}
