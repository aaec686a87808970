import Synchronization

/// Whether PostgreSQL answers, as `DatabaseProbe` last found it. Requests read it to fail at once with
/// 503 while it is down (`DatabaseOutageMiddleware`), and `/ready` reads it to answer at once.
final class DatabaseStatus: Sendable {
    private let down = Mutex(false)

    var isDown: Bool { down.withLock { $0 } }

    /// Records the probe's finding and says whether it changed.
    func record(down isDown: Bool) -> Bool {
        down.withLock { down in
            defer { down = isDown }
            return down != isDown
        }
    }
}
