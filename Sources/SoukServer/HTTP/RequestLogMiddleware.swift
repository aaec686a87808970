import CoreMetrics
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SoukCore

/// The outermost middleware: gives every request an id (echoed as `Request-Id`), and writes one
/// structured line per request with method, path, status and duration. The query string is left out
/// of the log because it may carry tokens. It counts the answer for `/metrics` too, by route template
/// (never the raw path, which would make a series of every id; `NotFound` for no route).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = SoukRequestContext

    let handles: HTTPMetricHandles

    init(metrics: any MetricsFactory) {
        handles = HTTPMetricHandles(factory: metrics)
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let requestID = Self.requestID(from: request)
        context.requestID = requestID
        context.logger[metadataKey: "request_id"] = .string(requestID)
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError(error) ?? .unexpected
            if APIError(error) == nil {
                context.logger.error("Unhandled error", metadata: ["error": .string(String(reflecting: error))])
            } else if APIError.isClientTransportError(error) {
                // Malformed framing or a client that hung up mid-body: the client's doing, kept for debugging.
                context.logger.debug("Request not readable", metadata: ["error": .string(String(reflecting: error))])
            }
            response = try JSONResponse(apiError.body, status: apiError.status, headers: apiError.headers)
                .response(from: request, context: context)
        }
        response.headers[.requestID] = requestID
        let elapsed = ContinuousClock.now - start
        count(request, route: context.endpointPath, status: response.status, elapsed: elapsed)
        let milliseconds = elapsed.inSeconds * 1000
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.2f", milliseconds)),
            ]
        )
        return response
    }

    /// A client's own `Request-Id` is kept when it is short and plain; otherwise a fresh UUID.
    static func requestID(from request: Request) -> String {
        if let given = request.headers[.requestID], (1...200).contains(given.utf8.count),
            given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        {
            return given
        }
        return UUID().lowercasedString
    }

    /// Methods outside HTTP's own count as one, so that a client can't mint series.
    private static let knownMethods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .patch, .delete, .options]

    private func count(_ request: Request, route: String?, status: HTTPResponse.Status, elapsed: Duration) {
        let method = Self.knownMethods.contains(request.method) ? request.method.rawValue : "other"
        // Hummingbird names what matched no route `NotFound`, as its own metrics do.
        let route = route ?? "NotFound"
        handles.requests(method: method, route: route, status: status.code).increment()
        handles.duration(method: method, route: route).recordNanoseconds(elapsed.nanoseconds)
    }
}
