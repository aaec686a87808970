import PostgresNIO

extension PostgresConnection.Configuration {
    /// `host:port` for logs and errors, never the credentials.
    public var place: String { host.map { "\($0):\(port ?? 5432)" } ?? "a Unix socket" }
}
