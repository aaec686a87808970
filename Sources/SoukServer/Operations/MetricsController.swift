import CoreMetrics
import Hummingbird
import Logging
import NIOCore
import SoukCore
import SoukStore

/// `GET /metrics`: Prometheus text for an admin's key. A scraper that holds no account sends
/// `Authorization: Bearer <SOUK_METRICS_TOKEN>` instead, answered by `MetricsTokenMiddleware` before
/// sign-in (and while the database is down, when the numbers matter most).
struct MetricsController: Sendable {
    let metrics: SoukMetrics
    let jobs: JobRepository
    let databaseStatus: DatabaseStatus

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get(use: show)
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        return await scrape(logger: context.logger)
    }

    /// The gauges that are read rather than kept (database up, the job queue) are taken now; then
    /// everything is written out.
    func scrape(logger: Logger) async -> Response {
        let isUp = !databaseStatus.isDown
        Gauge(label: "souk_database_up", factory: metrics.factory).record(isUp ? 1 : 0)
        if isUp {
            do {
                for length in try await jobs.queueLengths(logger: logger) {
                    let kind = [("kind", length.kind.rawValue)]
                    Gauge(label: "souk_jobs_queued", dimensions: kind, factory: metrics.factory).record(length.queued)
                    Gauge(label: "souk_jobs_oldest_due_seconds", dimensions: kind, factory: metrics.factory)
                        .record(length.oldestDueSeconds)
                }
            } catch {
                logger.warning("Could not read the job queue for /metrics", metadata: ["error": "\(error)"])
            }
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
        )
    }
}
