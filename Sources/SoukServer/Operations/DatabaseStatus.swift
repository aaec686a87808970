import Synchronization

/// Whether PostgreSQL answers, as `DatabaseProbe` last found it. Requests read it to fail at once with
/// 503 while it is down (`DatabaseOutageMiddleware`).
final class DatabaseStatus: Sendable {
    private let down = Mutex(false)

    var isDown: Bool { down.withLock { $0 } }

    func markDown() { down.withLock { $0 = true } }

    func markUp() { down.withLock { $0 = false } }
}
