import Foundation
import Hummingbird

/// Percent-decodes path parameters, which Hummingbird hands over as they arrived: clients encode what
/// they put in a path (the Heroku CLI sends `DELETE /apps/x/collaborators/bob%40example.com`), and a
/// lookup must see `bob@example.com`. A value that does not decode, or decodes to NUL (which PostgreSQL
/// text cannot hold), stays as sent and simply matches nothing.
struct PathParameterDecodingMiddleware: RouterMiddleware {
    typealias Context = SoukRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // Bytes, not Foundation's substring search: this runs on every request with a parameter.
        guard context.parameters.contains(where: { $0.value.utf8.contains(UInt8(ascii: "%")) }) else {
            return try await next(request, context)
        }
        var context = context
        context.coreContext.parameters = Parameters(
            context.parameters.map { key, value in
                guard value.utf8.contains(UInt8(ascii: "%")), let decoded = value.removingPercentEncoding,
                    !decoded.contains("\0")
                else {
                    return (key, value)
                }
                return (key, Substring(decoded))
            }
        )
        return try await next(request, context)
    }
}
