import Synchronization

/// The server's open connections, shared by every event loop, against the configured cap.
final class ConnectionCount: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// Counts a new connection in; `false` when that takes the count over the cap (it still counts, until
    /// `closed()`, since the connection exists until it is closed).
    func opened() -> Bool {
        open.add(1, ordering: .relaxed).newValue <= maximum
    }

    func closed() {
        open.subtract(1, ordering: .relaxed)
    }
}
