import SoukStore
import Synchronization

/// Whether PostgreSQL answers, as `DatabaseProbe` last found it. Requests read it to fail at once with
/// 503 while it is down (`DatabaseOutageMiddleware`), `/ready` reads it to answer at once, and the pool
/// hears of each change, to end the waits of requests already under way.
final class DatabaseStatus: Sendable {
    private let down = Mutex(false)
    /// Whether any probe has been answered yet: with several hosts, which one is the primary is unknown until then.
    private let answered = Atomic(false)
    private let database: Database?

    init(database: Database? = nil) {
        self.database = database
    }

    var isDown: Bool { down.withLock { $0 } }

    var hasAnswered: Bool { answered.load(ordering: .relaxed) }

    /// Waits until a probe has been answered, up to `timeout`; says whether one was.
    func waitUntilAnswered(timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !hasAnswered, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        return hasAnswered
    }

    /// Records the probe's finding and says whether it changed.
    func record(down isDown: Bool) -> Bool {
        if !isDown { answered.store(true, ordering: .relaxed) }
        let changed = down.withLock { down in
            defer { down = isDown }
            return down != isDown
        }
        if changed { database?.record(reachable: !isDown) }
        return changed
    }
}
