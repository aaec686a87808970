import CoreMetrics
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Keeps `EnvironmentCache` true across processes: LISTENs on `souk_apps`, where every change to an app or its
/// members is announced (migration 0010), over a connection of its own, and drops each app it hears of. The
/// cache serves only while the LISTEN stands: once PostgreSQL acknowledges it the cache starts afresh, and
/// when the connection is lost (PostgreSQL restarted, say) the cache empties and serves nothing until a new
/// LISTEN is acknowledged, as changes made meanwhile went unheard.
public struct AppChangeListener: Service {
    static let channel = "souk_apps"

    let configuration: PostgresConnection.Configuration
    let cache: EnvironmentCache
    let logger: Logger
    var retryInterval: Duration
    /// From the statement that changed an app to hearing of it here (`souk_environment_change_lag_seconds`).
    let lag: CoreMetrics.Timer

    public init(
        configuration: PostgresConnection.Configuration, cache: EnvironmentCache, logger: Logger,
        retryInterval: Duration = .milliseconds(250), metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) {
        self.configuration = configuration
        self.cache = cache
        self.logger = logger
        self.retryInterval = retryInterval
        lag = CoreMetrics.Timer(label: "souk_environment_change_lag_seconds", factory: metrics)
    }

    public func run() async throws {
        var lost = false
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let recovering = lost
            do {
                try await cancelWhenGracefulShutdown { try await listenUntilLost(recovering: recovering) }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                // Said once per outage: when a standing LISTEN is lost, or the first attempt fails.
                if cache.isLive || !lost {
                    logger.warning(
                        "Lost the LISTEN for app changes; environments are read from the database until it is back",
                        metadata: ["error": "\(String(reflecting: error))"])
                }
                lost = true
            }
            cache.suspend()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: retryInterval) }
        }
        cache.suspend()
    }

    private func listenUntilLost(recovering: Bool) async throws {
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        do {
            try await connection.listen(on: Self.channel) { notifications in
                cache.resume()
                if recovering { logger.notice("Hearing app changes again; environments are served from memory") }
                for try await notification in notifications {
                    guard let change = AppChange(payload: notification.payload) else {
                        // Not understood: something changed, so forget everything.
                        cache.resume()
                        continue
                    }
                    cache.drop(change.appID)
                    if let since = change.microsecondsSince1970 {
                        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
                        lag.recordNanoseconds(max(0, now - since) * 1000)
                    }
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }
}
