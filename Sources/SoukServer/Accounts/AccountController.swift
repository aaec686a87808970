import Foundation
import Hummingbird
import SoukCore

/// `POST /accounts` (admins), `GET /account`, `PATCH /account` (the dashboard password), `GET /account/rate-limits`.
struct AccountController: Sendable {
    let registry: AccountRegistry
    let rateLimiter: RateLimiter
    let sessions: DashboardSessions

    /// The API key proves who is asking, so no current password is needed here (the dashboard asks for it);
    /// every dashboard session of the account ends.
    struct UpdateBody: Decodable {
        var password: String
    }

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
            .patch("account", use: update)
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

    @Sendable func update(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Account> {
        let account = try context.requireAccount()
        let body = try await request.decodeJSON(as: UpdateBody.self, context: context)
        try await sessions.changePassword(
            of: account, to: body.password, current: nil, session: nil, logger: context.logger)
        return JSONResponse(account)
    }

    @Sendable func rateLimits(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        RateLimitStatus
    > {
        let account = try context.requireAccount()
        return JSONResponse(RateLimitStatus(remaining: rateLimiter.remaining(account.id.lowercasedString)))
    }
}
