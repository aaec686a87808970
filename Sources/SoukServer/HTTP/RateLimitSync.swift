import Logging
import ServiceLifecycle
import SoukStore

/// Once a second, adds what this process's limiters spent to the shared budgets in PostgreSQL and takes
/// the shared balances back (`RateLimiter`). If the database is away, spending is kept and added later:
/// meanwhile each process meters on its own.
struct RateLimitSync: Service {
    let repository: RateLimitRepository
    let limiters: [RateLimiter]
    let logger: Logger
    var interval: Duration = .seconds(1)

    func run() async throws {
        var lastPrune = ContinuousClock.now
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await syncOnce()
            if ContinuousClock.now - lastPrune > .seconds(600) {
                lastPrune = .now
                try? await repository.pruneFull(logger: logger)
            }
        }
    }

    /// One round: every limiter's spending in one statement.
    func syncOnce() async {
        let taken = limiters.map { ($0, $0.takeUnsynced()) }
        let spendings = taken.flatMap(\.1)
        guard !spendings.isEmpty else { return }
        do {
            let balances = try await repository.sync(spendings, logger: logger)
            for limiter in limiters { limiter.absorb(balances) }
        } catch {
            // Put the spending back, to be added with the next round's.
            for (limiter, spent) in taken { limiter.restore(spent) }
            logger.debug("Rate limits not synced", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
