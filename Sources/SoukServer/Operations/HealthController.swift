import Hummingbird
import SoukCore

/// `GET /health`: the process answers. `GET /ready`: and the database answered its last probe (a second
/// ago at most, see `DatabaseProbe`), so a load balancer gets its answer at once even while the
/// database hangs.
struct HealthController: Sendable {
    let status: DatabaseStatus

    struct Status: Encodable, Sendable {
        var status: String
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get("health") { _, _ in JSONResponse(Status(status: "ok")) }
            .get("ready", use: ready)
    }

    @Sendable func ready(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Status> {
        guard status.isDown else { return JSONResponse(Status(status: "ok")) }
        var response = JSONResponse(Status(status: "database unavailable"), status: .serviceUnavailable)
        response.headers[.retryAfter] = "5"
        return response
    }
}
