import Hummingbird
import SoukStore

/// Answers `GET /metrics` carrying `Authorization: Bearer <SOUK_METRICS_TOKEN>` (compared in constant
/// time) before any sign-in is tried; anything else goes on, so an admin's key still reaches the route and
/// a wrong token meets the usual 401.
struct MetricsTokenMiddleware: RouterMiddleware {
    typealias Context = SoukRequestContext

    let token: String?
    let controller: MetricsController

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token, request.method == .get || request.method == .head, request.uri.path == "/metrics",
            let header = request.headers[.authorization],
            SecretHash.constantTimeEquals(Array(header.utf8), Array("Bearer \(token)".utf8))
        else {
            return try await next(request, context)
        }
        return await controller.scrape(logger: context.logger)
    }
}
