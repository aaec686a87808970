import Foundation
import Hummingbird
import SoukCore

/// `POST /accounts` (admins), `GET /account`, `GET /account/rate-limits`.
struct AccountController: Sendable {
    let registry: AccountRegistry
    let rateLimiter: RateLimiter

    struct CreateBody: Decodable {
        var email: String
        var role: AccountRole?
    }

    /// The created account with its key, which is never shown again.
    struct CreatedAccount: Encodable, Sendable {
        var account: Account
        var apiKey: String

        enum CodingKeys: String, CodingKey {
            case apiKey = "api_key"
        }

        func encode(to encoder: any Encoder) throws {
            try account.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(apiKey, forKey: .apiKey)
        }
    }

    struct RateLimitStatus: Encodable, Sendable {
        var remaining: Int
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .post("accounts", use: create)
            .get("account", use: show)
            .get("account/rate-limits", use: rateLimits)
    }

    @Sendable func create(request: Request, context: SoukRequestContext) async throws -> JSONResponse<CreatedAccount> {
        _ = try context.requireAdmin()
        let body = try await request.decodeJSON(as: CreateBody.self, context: context)
        let (account, key) = try await registry.create(
            email: body.email, role: body.role ?? .user, logger: context.logger)
        return JSONResponse(CreatedAccount(account: account, apiKey: key), status: .created)
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Account> {
        JSONResponse(try context.requireAccount())
    }

    @Sendable func rateLimits(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        RateLimitStatus
    > {
        let account = try context.requireAccount()
        return JSONResponse(RateLimitStatus(remaining: rateLimiter.remaining(account.id.lowercasedString)))
    }
}
