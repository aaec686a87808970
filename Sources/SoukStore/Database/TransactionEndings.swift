import Synchronization

/// The actions `DatabaseConnection.whenTransactionEnds` collected.
final class TransactionEndings: Sendable {
    private let actions = Mutex<[@Sendable () -> Void]>([])

    func append(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
    }

    func run() {
        for action in actions.withLock({ $0 }) { action() }
    }
}
