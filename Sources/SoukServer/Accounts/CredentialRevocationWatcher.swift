import Logging
import ServiceLifecycle
import SoukStore

/// Polls the `CredentialRevocationLog` a few times a second and drops each revoked key from this process's
/// `AuthenticationCache`. Each good poll lets the cache be trusted for `trustWindow` from when the poll
/// began; if polls fail (a lost database), trust lapses and every lookup goes to the database. So a key
/// revoked on any process stops working here within `trustWindow`, whatever happens to the polls.
///
/// Polling rather than LISTEN/NOTIFY: it holds no connection of its own, and works through a transaction
/// pooler such as PgBouncer.
struct CredentialRevocationWatcher: Service {
    let log: CredentialRevocationLog
    let cache: AuthenticationCache
    let logger: Logger
    var interval: Duration = .milliseconds(250)
    var trustWindow: Duration = .seconds(1)
    /// How long revocations are kept: far longer than any cache entry lives.
    var retention: Duration = .seconds(86_400)

    func run() async throws {
        var position: Int64?
        // A row stays in the polls' window while any transaction older than it runs anywhere in the cluster:
        // apply it once, or every poll would clear the cache again.
        var applied: Set<Int64> = []
        var lastPrune = ContinuousClock.now
        var failing = false
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let started = ContinuousClock.now
            do {
                let poll = try await log.poll(since: position, logger: logger)
                for revocation in poll.revocations where !applied.contains(revocation.seq) {
                    if let digest = revocation.keyDigest { cache.forget(digest: digest) } else { cache.forgetAll() }
                }
                applied = Set(poll.revocations.map(\.seq))
                position = poll.position
                cache.trust(until: started + trustWindow)
                failing = false
                if started - lastPrune > .seconds(600) {
                    lastPrune = started
                    try await log.prune(olderThan: retention, logger: logger)
                }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                if !failing {
                    logger.warning(
                        "Can't read credential revocations; authenticating from the database only",
                        metadata: ["error": "\(String(reflecting: error))"])
                }
                failing = true
            }
            try? await gracefulShutdownSleep(for: interval)
        }
    }

    private func gracefulShutdownSleep(for duration: Duration) async throws {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}
