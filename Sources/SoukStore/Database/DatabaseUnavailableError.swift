/// The database could not be used in time: the request changed nothing and may be retried shortly.
public enum DatabaseUnavailableError: Error, Sendable {
    /// The database was found unreachable (`Database.record(reachable:)`) while waiting for a connection.
    case unreachable
    /// No pooled connection was free, or could be opened, within the lease limit.
    case noConnection(within: Duration)
    /// The connection was lost before a statement could be sent on it.
    case connectionClosed
}
