import PostgresNIO

extension PostgresConnection.Configuration {
    /// A single connection's configuration from the same URL as the pool's (see
    /// `PostgresClient.Configuration(url:)`), for a connection kept apart from the pool.
    public init(url: String) throws {
        let parts = try DatabaseURLParts(url)
        switch try parts.endpoint() {
        case .socket(let path):
            self.init(
                unixSocketPath: path, username: parts.user, password: parts.password, database: parts.databaseName)
        case .tcp(let host, let port):
            self.init(
                host: host, port: port, username: parts.user, password: parts.password, database: parts.databaseName,
                tls: try parts.tlsConfiguration().map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
            )
        }
        if let connectTimeout = parts.connectTimeout { options.connectTimeout = .seconds(Int64(connectTimeout)) }
        if let applicationName = parts.applicationName {
            options.additionalStartupParameters.append(("application_name", applicationName))
        }
    }
}
