import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SoukCore

/// Identifies the caller from `Authorization: Bearer KEY`, or Basic with the key as password (what
/// Heroku API clients send). A request without credentials passes through anonymous, so that public
/// routes work; routes that need a caller ask `context.requireAccount()`. Wrong credentials are a 401
/// everywhere. Authenticated callers are then metered by the rate limiter.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = SoukRequestContext

    let accounts: AccountRegistry
    let providers: ProviderAuthenticator
    let rateLimiter: RateLimiter

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        var context = context
        guard let key = Self.apiKey(fromAuthorization: header),
            let account = try await accounts.authenticate(apiKey: key, logger: context.logger)
        else {
            // Not a customer's key: perhaps a provider calling the partner API.
            guard let provider = try await providers.authenticate(header, logger: context.logger) else {
                throw SoukError.unauthorized("Invalid credentials provided.")
            }
            context.provider = provider
            context.logger[metadataKey: "provider"] = .string(provider.slug)
            return try await next(request, context)
        }
        context.account = account
        context.logger[metadataKey: "account_id"] = .string(account.id.uuidString.lowercased())
        let remaining = try rateLimiter.spend(for: account.id)
        var response = try await next(request, context)
        response.headers[.rateLimitRemaining] = String(remaining)
        return response
    }

    /// The user and password of a Basic header.
    static func basicCredentials(fromAuthorization header: String) -> (user: String, password: String)? {
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: parts[1].trimmingCharacters(in: .whitespaces)),
            let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }

    /// The key from `Bearer KEY` or `Basic base64(:KEY)` (any user name is ignored, as Heroku does).
    static func apiKey(fromAuthorization header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let credential = parts[1].trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "bearer":
            return credential.isEmpty ? nil : credential
        case "basic":
            guard let password = basicCredentials(fromAuthorization: header)?.password else { return nil }
            return password.isEmpty ? nil : password
        default:
            return nil
        }
    }
}
