import Hummingbird

/// While `DatabaseProbe` finds PostgreSQL down, requests that need it get 503 `unavailable` with
/// `Retry-After` at once, instead of waiting for a connection that won't come.
struct DatabaseOutageMiddleware: RouterMiddleware {
    typealias Context = SoukRequestContext

    let status: DatabaseStatus

    /// What answers without the database (`/ready` answers for itself; `/metrics` to a scrape token).
    static let withoutDatabase: Set<String> = ["/health", "/ready", "/openapi.json", "/metrics"]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if status.isDown, !Self.withoutDatabase.contains(request.uri.path) { throw APIError.databaseUnavailable }
        return try await next(request, context)
    }
}
