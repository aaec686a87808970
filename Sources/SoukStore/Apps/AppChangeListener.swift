import CoreMetrics
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Keeps the caches of what apps and add-ons look like (`EnvironmentCache`, `SSOTargetCache`) true across
/// processes: LISTENs on `souk_apps`, where every change to an app or its members, and every change a single
/// sign-on depends on, is announced (migrations 0010, 0019, 0020), over a connection of its own, and tells the
/// caches of each change it hears.
///
/// The cache serves only while the LISTEN is known to hear. Every `pingInterval` the listener notifies the
/// channel itself; PostgreSQL delivers notifications in commit order, so hearing the ping means every change
/// committed before it was sent has been heard, and the cache may serve until `trustWindow` after the
/// sending. A lost connection (PostgreSQL restarted, say) empties the caches at once; one that hears nothing
/// any more (half-open, or behind a pooler that doesn't carry notifications) stops the serving within the
/// window. Once pings come back the cache starts afresh, as changes made meanwhile went unheard.
public struct AppChangeListener: Service {
    static let channel = "souk_apps"

    /// Where to LISTEN: read again at each reconnection, so that after a failover it is the new primary.
    let configuration: @Sendable () -> PostgresConnection.Configuration
    let caches: [any ChangeFollower]
    let logger: Logger
    var retryInterval: Duration
    var pingInterval: Duration = .milliseconds(250)
    var trustWindow: Duration = .seconds(2)
    /// From the statement that changed an app to hearing of it here (`souk_environment_change_lag_seconds`).
    let lag: CoreMetrics.Timer

    public init(
        configuration: PostgresConnection.Configuration, caches: [any ChangeFollower], logger: Logger,
        retryInterval: Duration = .milliseconds(250), metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) {
        self.init(
            configuration: { configuration }, caches: caches, logger: logger, retryInterval: retryInterval,
            metrics: metrics)
    }

    public init(
        configuration: @escaping @Sendable () -> PostgresConnection.Configuration, caches: [any ChangeFollower],
        logger: Logger, retryInterval: Duration = .milliseconds(250),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) {
        self.configuration = configuration
        self.caches = caches
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
                if isTrusted || !lost {
                    logger.warning(
                        "Lost the LISTEN for app changes; environments and SSO targets are read from the database until it is back",
                        metadata: ["error": "\(String(reflecting: error))"])
                }
                lost = true
            }
            suspend()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: retryInterval) }
        }
        suspend()
    }

    private var isTrusted: Bool { caches.contains { $0.isTrusted } }

    private func suspend() {
        for cache in caches { cache.suspend() }
    }

    private func listenUntilLost(recovering: Bool) async throws {
        let connection = try await PostgresConnection.connect(configuration: configuration(), id: 0, logger: logger)
        let pings = PingLog()
        do {
            try await connection.listen(on: Self.channel) { notifications in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await ping(over: connection, log: pings) }
                    group.addTask { try await hear(notifications, pings: pings, recovering: recovering) }
                    // Either ending ends the LISTEN: a ping that can't be sent, or notifications that stop.
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    private func ping(over connection: PostgresConnection, log: PingLog) async throws {
        while !connection.isClosed {
            let token = UUID().uuidString
            log.sent(token, at: .now)
            // Not awaited: a statement written just as the connection goes down is never answered (see
            // `DatabaseConnection.query`), and waiting for it would hold the listener, and shutdown, for good. A
            // ping that goes nowhere is noticed all the same: it doesn't come back, and trust lapses.
            Task { [logger] in
                _ = try? await connection.query(
                    "SELECT pg_notify(\(Self.channel), \(ChangeNotice.pingPrefix + token))", logger: logger)
            }
            try await Task.sleep(for: pingInterval)
        }
        throw DatabaseUnavailableError.connectionClosed
    }

    private func hear(_ notifications: PostgresNotificationSequence, pings: PingLog, recovering: Bool) async throws {
        var announced = !recovering
        for try await notification in notifications {
            if let token = ChangeNotice.pingToken(in: notification.payload) {
                if let sent = pings.heard(token) {
                    for cache in caches { cache.trust(until: sent + trustWindow, now: .now) }
                }
                if !announced, isTrusted {
                    logger.notice("Hearing app changes again; environments and SSO targets are served from memory")
                    announced = true
                }
                continue
            }
            guard let change = ChangeNotice(payload: notification.payload) else {
                // Not understood: something changed, so forget everything.
                suspend()
                continue
            }
            for cache in caches { cache.heard(change) }
            // The figure is the environments' (its name says so): add-on and service notices don't count.
            if case .app = change.subject, let since = change.microsecondsSince1970 {
                let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
                lag.recordNanoseconds(max(0, now - since) * 1000)
            }
        }
    }
}
