import Logging
import PostgresNIO
import ServiceLifecycle

/// Asks PostgreSQL `SELECT 1` every `interval` and keeps `DatabaseStatus` current. A probe through the
/// request pool that takes longer than `deadline` could mean a busy pool rather than a lost database,
/// so it is asked again over a fresh connection of its own (opened only then, and closed after): a
/// fresh client also skips the request pool's back-off after failed connects, which would otherwise
/// outlast every deadline and keep a recovered database looking down. Only when that fails too does the
/// probe fail, and two failed probes in a row mark the database down (one slow second on a loaded
/// machine is not an outage). The first probe that gets an answer marks it up again.
struct DatabaseProbe: Service {
    let database: PostgresClient
    /// The request pool's settings, for the one-off client of a second opinion.
    let standbyConfiguration: PostgresClient.Configuration
    let status: DatabaseStatus
    let logger: Logger
    var interval: Duration = .seconds(1)
    var deadline: Duration = .seconds(1)
    var failuresBeforeDown = 2

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await probe() }
    }

    private func probe() async throws {
        var failures = 0
        while !Task.isCancelled {
            let answered: Bool
            if await Self.answers(database, within: deadline, logger: logger) {
                answered = true
            } else {
                answered = await answersOnFreshConnection()
            }
            failures = answered ? 0 : failures + 1
            if answered, status.isDown {
                logger.notice("The database answers again")
                status.markUp()
            } else if failures >= failuresBeforeDown, !status.isDown {
                logger.error("The database doesn't answer; requests get 503 until it does")
                status.markDown()
            }
            try await Task.sleep(for: interval)
        }
    }

    private func answersOnFreshConnection() async -> Bool {
        var configuration = standbyConfiguration
        configuration.options.maximumConnections = 1
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return await withTaskGroup(of: Bool?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            group.addTask { await Self.answers(client, within: deadline, logger: logger) }
            var answered = false
            while let result = await group.next() {
                if let result {
                    answered = result
                    break
                }
            }
            group.cancelAll()
            return answered
        }
    }

    /// Whether `SELECT 1` comes back within `deadline`; a slower answer counts as none. Returns at the
    /// deadline whatever the query does: it is cancelled, but not waited for, so a lease the pool never
    /// answers can't hold the probe (or `/ready`) with it.
    static func answers(_ client: PostgresClient, within deadline: Duration, logger: Logger) async -> Bool {
        let answer = FirstAnswer()
        return await withCheckedContinuation { continuation in
            answer.wait(with: continuation)
            let query = Task {
                answer.give((try? await client.query("SELECT 1", logger: logger)) != nil)
            }
            Task {
                try? await Task.sleep(for: deadline)
                query.cancel()
                answer.give(false)
            }
        }
    }
}
