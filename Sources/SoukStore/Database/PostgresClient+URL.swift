import PostgresNIO

extension PostgresClient.Configuration {
    /// A configuration from a libpq-style URL, as `DATABASE_URL` is usually given:
    /// `postgres://user:password@host:5432/database?sslmode=require`; for a URL with several hosts, the first's.
    ///
    /// - The password is percent-decoded; no error ever includes it.
    /// - The host may be a name, an IPv4 address or a bracketed IPv6 address; the port defaults to 5432
    ///   and the database to the user name.
    /// - `?host=/socket/dir` connects to the Unix socket `<dir>/.s.PGSQL.<port>` instead of TCP.
    /// - `sslmode` as `DatabaseURLParts.tlsConfiguration()` reads it.
    /// - `application_name`, `connect_timeout` (seconds) and `target_session_attrs` are honoured as in libpq;
    ///   other parameters are refused, so that a typo doesn't pass silently.
    public init(url: String, maximumConnections: Int = 20) throws {
        self = try Self.all(url: url, maximumConnections: maximumConnections)[0]
    }

    /// One configuration per host of the URL (`postgres://u:p@h1:5432,h2:5433/db`), in its order.
    public static func all(url: String, maximumConnections: Int = 20) throws -> [Self] {
        let parts = try DatabaseURLParts(url)
        return try parts.endpoints().map { endpoint in
            var configuration: Self
            switch endpoint {
            case .socket(let path):
                configuration = Self(
                    unixSocketPath: path, username: parts.user, password: parts.password,
                    database: parts.databaseName)
            case .tcp(let host, let port):
                configuration = Self(
                    host: host, port: port, username: parts.user, password: parts.password,
                    database: parts.databaseName, tls: try parts.tlsConfiguration().map(TLS.require) ?? .disable
                )
            }
            configuration.options.maximumConnections = maximumConnections
            if let connectTimeout = parts.connectTimeout {
                configuration.options.connectTimeout = .seconds(connectTimeout)
            }
            if let applicationName = parts.applicationName {
                configuration.options.additionalStartupParameters.append(("application_name", applicationName))
            }
            return configuration
        }
    }
}
