import Logging
import PostgresNIO

extension PostgresConnection {
    /// `open` if it is still open, else a new connection made within `deadline`; nil if none was. A connection
    /// that comes too late is closed: the probes that use this must not hang on a host that doesn't answer.
    static func reuse(
        _ open: PostgresConnection?, or configuration: Configuration, id: Int, within deadline: Duration,
        logger: Logger
    ) async -> PostgresConnection? {
        if let open, !open.isClosed { return open }
        return await withinDeadline(deadline) {
            try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
        } late: { connection in
            try? await connection.close()
        }
    }
}
