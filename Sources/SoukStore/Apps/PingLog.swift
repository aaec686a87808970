import Synchronization

/// The pings `AppChangeListener` sent and not yet heard back, with when each was sent.
final class PingLog: Sendable {
    private let sent = Mutex<[String: ContinuousClock.Instant]>([:])

    func sent(_ token: String, at instant: ContinuousClock.Instant) {
        sent.withLock { pending in
            // Pings not heard within a few rounds never will be.
            if pending.count > 64 { pending.removeAll() }
            pending[token] = instant
        }
    }

    /// When the ping was sent, if it was ours and not heard before.
    func heard(_ token: String) -> ContinuousClock.Instant? {
        sent.withLock { $0.removeValue(forKey: token) }
    }
}
