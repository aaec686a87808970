import HTTPTypes
import Hummingbird

/// Cross-origin resource sharing, as the Platform API offers it, so that a script served from any site can call
/// the API with a key it holds. A request with an `Origin` is answered with `Access-Control-Allow-Origin: *`, and
/// a preflight (`OPTIONS` with `Access-Control-Request-Method`) with the methods and fields the API takes, before
/// authentication: a preflight carries no key. No credentials in the CORS sense are allowed (cookies, a login
/// the browser remembers for Basic), so a page elsewhere can't act as a visitor signed in to Souk; and the
/// dashboard, whose session is a cookie, is left out.
struct CrossOriginMiddleware: RouterMiddleware {
    typealias Context = SoukRequestContext

    /// The fields a client of the API sets.
    static let allowedFields = [
        "Accept", "Accept-Expansion", "Authorization", "Content-Type", "If-None-Match", "Range", "Request-Id",
        "X-Heroku-Legacy-Provider-Messages",
    ].joined(separator: ", ")

    /// What a script may read besides the fields every answer lets it read.
    static let exposedFields = [
        "ETag", "Heroku-Webhook-Secret", "Next-Range", "RateLimit-Remaining", "Request-Id", "Retry-After",
    ].joined(separator: ", ")

    static let preflight: HTTPFields = [
        .accessControlAllowOrigin: "*",
        .accessControlAllowMethods: "GET, HEAD, POST, PUT, PATCH, DELETE",
        .accessControlAllowHeaders: allowedFields,
        // Chromium keeps a preflight two hours at most.
        .accessControlMaxAge: "7200",
    ]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.headers[.origin] != nil, !Self.isDashboard(request.uri.path) else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            return Response(status: .noContent, headers: Self.preflight)
        }
        do {
            var response = try await next(request, context)
            Self.allow(&response.headers)
            return response
        } catch {
            guard var apiError = APIError(error) else { throw error }
            Self.allow(&apiError.headers)
            throw apiError
        }
    }

    static func allow(_ headers: inout HTTPFields) {
        headers[.accessControlAllowOrigin] = "*"
        headers[.accessControlExposeHeaders] = exposedFields
    }

    static func isDashboard(_ path: String) -> Bool {
        path == "/dashboard" || path.hasPrefix("/dashboard/")
    }
}
