import PostgresNIO

extension PostgresConnection.Configuration {
    /// A single connection's configuration from the same URL as the pool's (see
    /// `PostgresClient.Configuration(url:)`), for a connection kept apart from the pool; the first host's.
    public init(url: String) throws {
        self = try Self.all(url: url)[0]
    }

    /// One configuration per host of the URL, in its order.
    public static func all(url: String) throws -> [Self] {
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
                    database: parts.databaseName,
                    tls: try parts.tlsConfiguration().map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
                )
            }
            if let connectTimeout = parts.connectTimeout {
                configuration.options.connectTimeout = .seconds(Int64(connectTimeout))
            }
            if let applicationName = parts.applicationName {
                configuration.options.additionalStartupParameters.append(("application_name", applicationName))
            }
            return configuration
        }
    }

    /// Whether the URL asks for the primary (`target_session_attrs=read-write`), not whichever host answers.
    public static func requiresPrimary(url: String) throws -> Bool {
        try DatabaseURLParts(url).requiresPrimary
    }
}
