import Synchronization

/// Which host of the URL is the primary, shared by a database and its replicas' view.
final class PrimaryHost: Sendable {
    let index = Atomic<Int>(0)
}
