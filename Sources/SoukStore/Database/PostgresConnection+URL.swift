import PostgresNIO

extension PostgresConnection.Configuration {
    /// A single connection's configuration from the same URL as the pool's (see
    /// `PostgresClient.Configuration(url:)`), for a connection kept apart from the pool.
    public init(url: String) throws {
        let parts = try DatabaseURLParts(url)
        let port = parts.port ?? 5432
        let database = parts.database.flatMap { $0.isEmpty ? nil : $0 } ?? parts.user
        if let socketDirectory = parts.socketDirectory {
            self.init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: parts.user, password: parts.password,
                database: database
            )
        } else {
            guard let host = parts.host else { throw DatabaseURLError.missingHost }
            self.init(
                host: host, port: port, username: parts.user, password: parts.password, database: database,
                tls: try parts.tlsConfiguration().map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
            )
        }
        if let connectTimeout = parts.connectTimeout { options.connectTimeout = .seconds(Int64(connectTimeout)) }
        if let applicationName = parts.applicationName {
            options.additionalStartupParameters.append(("application_name", applicationName))
        }
    }
}
