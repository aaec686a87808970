import Hummingbird
import Logging
import PostgresNIO
import SoukCore

/// `GET /health`: the process answers. `GET /ready`: and its database does too, within a second.
struct HealthController: Sendable {
    let database: PostgresClient
    let status: DatabaseStatus

    struct Status: Encodable, Sendable {
        var status: String
    }

    func addRoutes(to router: Router<SoukRequestContext>) {
        router.get("health") { _, _ in JSONResponse(Status(status: "ok")) }
        router.get("ready", use: ready)
    }

    @Sendable func ready(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Status> {
        // A load balancer waits on this: known down answers at once, and a slow database counts as down.
        let problem: String? =
            if status.isDown {
                "database unavailable"
            } else if await !DatabaseProbe.answers(database, within: .milliseconds(800), logger: context.logger) {
                "database not answering"
            } else {
                nil
            }
        if let problem {
            context.logger.warning("Readiness check failed", metadata: ["status": .string(problem)])
            var response = JSONResponse(Status(status: problem), status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        }
        return JSONResponse(Status(status: "ok"))
    }
}
