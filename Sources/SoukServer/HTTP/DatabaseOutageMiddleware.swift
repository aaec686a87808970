import Hummingbird

/// While `DatabaseProbe` finds PostgreSQL down, requests that need it get 503 `unavailable` with
/// `Retry-After` at once, instead of waiting for the connection pool to give up a minute later.
/// `/health`, `/ready` (which answers for itself) and `/openapi.json` need no database.
struct DatabaseOutageMiddleware: RouterMiddleware {
    typealias Context = SoukRequestContext

    let status: DatabaseStatus

    static let withoutDatabase: Set<String> = ["/health", "/ready", "/openapi.json"]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if status.isDown, !Self.withoutDatabase.contains(request.uri.path) { throw APIError.databaseUnavailable }
        return try await next(request, context)
    }
}
