import CoreMetrics
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SoukCore

/// Identifies the caller from `Authorization: Bearer KEY`, or Basic with the key as password (what
/// Heroku API clients send). A request without credentials passes through anonymous, so that public
/// routes work; routes that need a caller ask `context.requireAccount()`. Wrong credentials are a 401
/// everywhere.
///
/// Metering, as Heroku does: an account's requests and a provider's partner calls spend their hourly
/// budgets, and every answer to them, errors and 429 included, carries `RateLimit-Remaining`. Failed
/// sign-ins spend their client address's budget; once it is gone that address gets 429 before any key
/// is looked up, so guessing keys costs the database nothing. A 429 says when to retry (`Retry-After`).
/// Refusals of both kinds are counted for `/metrics`.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = SoukRequestContext

    let accounts: AccountRegistry
    let providers: ProviderAuthenticator
    let limits: RateLimits
    let trustedProxies: Set<String>
    let metrics: any MetricsFactory

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        var context = context
        let client = ClientAddress.of(
            peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor], trustedProxies: trustedProxies
        )
        let failures = limits.authenticationFailures
        try enforce(failures.check(client), of: failures, message: Self.tooManyFailures)
        if let key = Self.apiKey(fromAuthorization: header),
            let account = try await accounts.authenticate(apiKey: key, logger: context.logger)
        {
            context.account = account
            context.logger[metadataKey: "account_id"] = .string(account.id.lowercasedString)
            let decision = limits.accounts.spend(account.id.lowercasedString)
            try enforce(
                decision, of: limits.accounts,
                message: "Your account reached the API rate limit. Please wait a few minutes."
            )
            return try await Self.reporting(decision) { try await next(request, context) }
        }
        // Not a customer's key: perhaps a provider calling the partner API.
        if let provider = try await providers.authenticate(header, logger: context.logger) {
            context.provider = provider
            context.logger[metadataKey: "provider"] = .string(provider.slug)
            let decision = limits.partners.spend(provider.slug)
            try enforce(
                decision, of: limits.partners,
                message: "This add-on service reached the partner API rate limit. Please wait a few minutes."
            )
            return try await Self.reporting(decision) { try await next(request, context) }
        }
        _ = limits.authenticationFailures.spend(client)
        Counter(label: "souk_authentication_failures_total", factory: metrics).increment()
        throw SoukError.unauthorized("Invalid credentials provided.")
    }

    static let tooManyFailures = "Too many failed sign-ins from this address. Please wait before trying again."

    /// A refusal is a 429 with `Retry-After` and `RateLimit-Remaining: 0`.
    func enforce(_ decision: RateLimiter.Decision, of limiter: RateLimiter, message: String) throws {
        guard !decision.allowed else { return }
        Counter(label: "souk_rate_limit_refusals_total", dimensions: [("scope", limiter.scope)], factory: metrics)
            .increment()
        var error = APIError(status: .tooManyRequests, id: "rate_limit", message: message)
        error.headers[.retryAfter] = String(decision.retryAfter)
        error.headers[.rateLimitRemaining] = "0"
        throw error
    }

    /// `RateLimit-Remaining` on the answer, whether the route answers or throws.
    static func reporting(
        _ decision: RateLimiter.Decision, _ route: () async throws -> Response
    ) async throws -> Response {
        let remaining = String(decision.remaining)
        do {
            var response = try await route()
            response.headers[.rateLimitRemaining] = remaining
            return response
        } catch {
            guard var apiError = APIError(error) else { throw error }
            apiError.headers[.rateLimitRemaining] = remaining
            throw apiError
        }
    }

    /// The scheme and credentials of an `Authorization` header, blanks around the credentials dropped. By hand,
    /// as it runs on every request: Foundation's trimming cost more than the rest of the parse.
    static func schemeAndCredentials(ofAuthorization header: String) -> (scheme: Substring, credentials: Substring)? {
        guard let space = header.firstIndex(of: " ") else { return nil }
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        var credentials = header[header.index(after: space)...]
        while let first = credentials.first, isBlank(first) { credentials.removeFirst() }
        while let last = credentials.last, isBlank(last) { credentials.removeLast() }
        return (header[..<space], credentials)
    }

    /// The user and password of a Basic header.
    static func basicCredentials(fromAuthorization header: String) -> (user: String, password: String)? {
        guard let (scheme, credentials) = schemeAndCredentials(ofAuthorization: header),
            scheme.lowercased() == "basic", let data = Data(base64Encoded: String(credentials)),
            let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }

    /// The key from `Bearer KEY` or `Basic base64(:KEY)` (any user name is ignored, as Heroku does).
    static func apiKey(fromAuthorization header: String) -> String? {
        guard let (scheme, credentials) = schemeAndCredentials(ofAuthorization: header) else { return nil }
        if scheme.count == 6, scheme.lowercased() == "bearer" {
            return credentials.isEmpty ? nil : String(credentials)
        }
        if scheme.count == 5, scheme.lowercased() == "basic" {
            guard let password = basicCredentials(fromAuthorization: header)?.password else { return nil }
            return password.isEmpty ? nil : password
        }
        return nil
    }
}
