import CoreMetrics
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Hot standbys that take the reads where a few seconds of staleness is harmless (`SOUK_READ_REPLICA_URLS`):
/// a pool each, used only while the replica is found fresh enough (`record(fresh:replica:)`, from the
/// server's lag probe). Until the first probe, and whenever none is fresh, reads go to the primary.
public final class ReadReplicas: Sendable {
    struct Replica: Sendable {
        let client: PostgresClient
        /// Ended all at once, and refused, while the replica isn't fresh: the read then goes to the primary.
        let waiters: LeaseWaiters
    }

    private struct State {
        var fresh: [Bool]
        var turn = 0
    }

    let replicas: [Replica]
    private let state: Mutex<State>
    /// `souk_database_replicas_fresh`: how many replicas take reads now.
    private let freshCount: Meter

    /// One configuration per replica, in `SOUK_READ_REPLICA_URLS`'s order.
    public init(
        configurations: [PostgresClient.Configuration], logger: Logger,
        metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) {
        replicas = configurations.map {
            let waiters = LeaseWaiters()
            waiters.record(reachable: false)
            return Replica(client: PostgresClient(configuration: $0, backgroundLogger: logger), waiters: waiters)
        }
        state = Mutex(State(fresh: Array(repeating: false, count: configurations.count)))
        freshCount = Meter(label: "souk_database_replicas_fresh", factory: metrics)
        freshCount.set(0)
    }

    /// Whether replica `index` may take reads now: its replay is within the allowed lag of the primary.
    public func record(fresh: Bool, replica index: Int) {
        let (changed, count) = state.withLock { state in
            let changed = state.fresh[index] != fresh
            state.fresh[index] = fresh
            return (changed, state.fresh.count { $0 })
        }
        guard changed else { return }
        replicas[index].waiters.record(reachable: fresh)
        freshCount.set(count)
    }

    public func isFresh(_ index: Int) -> Bool { state.withLock { $0.fresh[index] } }

    /// The next fresh replica in turn, or nil if none is.
    func next() -> Replica? {
        state.withLock { state -> Replica? in
            for step in 0..<state.fresh.count {
                let index = (state.turn + step) % state.fresh.count
                if state.fresh[index] {
                    state.turn = index + 1
                    return replicas[index]
                }
            }
            return nil
        }
    }

    func run(leaseLimit: Duration) async {
        await withDiscardingTaskGroup { group in
            for replica in replicas {
                group.addTask { await replica.client.run() }
            }
            group.addTask {
                try? await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .milliseconds(250))
                        for replica in self.replicas { replica.waiters.expire(olderThan: leaseLimit) }
                    }
                }
            }
        }
    }
}
