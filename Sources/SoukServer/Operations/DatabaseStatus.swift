import SoukStore
import Synchronization

/// Whether PostgreSQL answers, as `DatabaseProbe` last found it. Requests read it to fail at once with
/// 503 while it is down (`DatabaseOutageMiddleware`), `/ready` reads it to answer at once, and the pool
/// hears of each change, to end the waits of requests already under way.
final class DatabaseStatus: Sendable {
    private let down = Mutex(false)
    private let database: Database?

    init(database: Database? = nil) {
        self.database = database
    }

    var isDown: Bool { down.withLock { $0 } }

    /// Records the probe's finding and says whether it changed.
    func record(down isDown: Bool) -> Bool {
        let changed = down.withLock { down in
            defer { down = isDown }
            return down != isDown
        }
        if changed { database?.record(reachable: !isDown) }
        return changed
    }
}
