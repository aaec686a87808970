import Hummingbird
import Logging
import PostgresNIO
import SoukCore

/// `GET /health`: the process answers. `GET /ready`: and its database does too.
struct HealthController: Sendable {
    let database: PostgresClient

    struct Status: Encodable, Sendable {
        var status: String
    }

    func addRoutes(to router: Router<SoukRequestContext>) {
        router.get("health") { _, _ in JSONResponse(Status(status: "ok")) }
        router.get("ready", use: ready)
    }

    @Sendable func ready(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Status> {
        do {
            try await database.query("SELECT 1", logger: context.logger)
            return JSONResponse(Status(status: "ok"))
        } catch {
            context.logger.warning("Readiness check failed", metadata: ["error": .string("\(error)")])
            return JSONResponse(Status(status: "database unavailable"), status: .serviceUnavailable)
        }
    }
}
