import PostgresNIO

extension PostgresClient.Configuration {
    /// A configuration from a libpq-style URL, as `DATABASE_URL` is usually given:
    /// `postgres://user:password@host:5432/database?sslmode=require`.
    ///
    /// - The password is percent-decoded; no error ever includes it.
    /// - The host may be a name, an IPv4 address or a bracketed IPv6 address; the port defaults to 5432
    ///   and the database to the user name.
    /// - `?host=/socket/dir` connects to the Unix socket `<dir>/.s.PGSQL.<port>` instead of TCP.
    /// - `sslmode`: `disable` and `allow` connect without TLS; `require` demands TLS but, like libpq, checks
    ///   no certificate; `verify-ca` checks the chain and `verify-full` the host name too (`sslrootcert`
    ///   names a CA file). `prefer`, and no `sslmode` at all, connect *without* TLS for now, where libpq
    ///   would try TLS first: a URL that needs TLS has to say so.
    /// - `application_name` and `connect_timeout` (seconds) are honoured as in libpq; other parameters
    ///   are refused, so that a typo doesn't pass silently.
    public init(url: String, maximumConnections: Int = 20) throws {
        let parts = try DatabaseURLParts(url)
        let port = parts.port ?? 5432
        let database = parts.database.flatMap { $0.isEmpty ? nil : $0 } ?? parts.user
        if let socketDirectory = parts.socketDirectory {
            self.init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)",
                username: parts.user,
                password: parts.password,
                database: database
            )
        } else {
            guard let host = parts.host else { throw DatabaseURLError.missingHost }
            self.init(
                host: host,
                port: port,
                username: parts.user,
                password: parts.password,
                database: database,
                tls: try Self.tls(mode: parts.sslMode, rootCertificate: parts.sslRootCertificate)
            )
        }
        options.maximumConnections = maximumConnections
        if let connectTimeout = parts.connectTimeout { options.connectTimeout = .seconds(connectTimeout) }
        if let applicationName = parts.applicationName {
            options.additionalStartupParameters.append(("application_name", applicationName))
        }
    }

    private static func tls(mode: String?, rootCertificate: String?) throws -> TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let rootCertificate { tls.trustRoots = .file(rootCertificate) }
        switch mode ?? "prefer" {
        case "disable", "allow", "prefer":
            return .disable
        case "require":
            // libpq's `require` encrypts without authenticating the server.
            tls.certificateVerification = .none
            return .require(tls)
        case "verify-ca":
            tls.certificateVerification = .noHostnameVerification
            return .require(tls)
        case "verify-full":
            tls.certificateVerification = .fullVerification
            return .require(tls)
        case let other:
            throw DatabaseURLError.invalidSSLMode(other)
        }
    }
}
