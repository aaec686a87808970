import PostgresNIO

extension PostgresClient.Configuration {
    /// A configuration from a libpq-style URL, as `DATABASE_URL` is usually given:
    /// `postgres://user:password@host:5432/database?sslmode=require`.
    ///
    /// - The password is percent-decoded; no error ever includes it.
    /// - The host may be a name, an IPv4 address or a bracketed IPv6 address; the port defaults to 5432
    ///   and the database to the user name.
    /// - `?host=/socket/dir` connects to the Unix socket `<dir>/.s.PGSQL.<port>` instead of TCP.
    /// - `sslmode` as `DatabaseURLParts.tlsConfiguration()` reads it.
    /// - `application_name` and `connect_timeout` (seconds) are honoured as in libpq; other parameters
    ///   are refused, so that a typo doesn't pass silently.
    public init(url: String, maximumConnections: Int = 20) throws {
        let parts = try DatabaseURLParts(url)
        switch try parts.endpoint() {
        case .socket(let path):
            self.init(
                unixSocketPath: path, username: parts.user, password: parts.password, database: parts.databaseName)
        case .tcp(let host, let port):
            self.init(
                host: host, port: port, username: parts.user, password: parts.password, database: parts.databaseName,
                tls: try parts.tlsConfiguration().map(TLS.require) ?? .disable
            )
        }
        options.maximumConnections = maximumConnections
        if let connectTimeout = parts.connectTimeout { options.connectTimeout = .seconds(connectTimeout) }
        if let applicationName = parts.applicationName {
            options.additionalStartupParameters.append(("application_name", applicationName))
        }
    }
}
