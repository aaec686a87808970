import PostgresNIO

extension DatabaseURLParts {
    /// The TLS that `sslmode` asks for, or nil for none. `disable` and `allow` connect without TLS;
    /// `require` demands TLS but, like libpq, checks no certificate; `verify-ca` checks the chain and
    /// `verify-full` the host name too (`sslrootcert` names a CA file). `prefer`, and no `sslmode` at all,
    /// connect *without* TLS for now, where libpq would try TLS first: a URL that needs TLS has to say so.
    func tlsConfiguration() throws -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let sslRootCertificate { tls.trustRoots = .file(sslRootCertificate) }
        switch sslMode ?? "prefer" {
        case "disable", "allow", "prefer":
            return nil
        case "require":
            // libpq's `require` encrypts without authenticating the server.
            tls.certificateVerification = .none
        case "verify-ca":
            tls.certificateVerification = .noHostnameVerification
        case "verify-full":
            tls.certificateVerification = .fullVerification
        case let other:
            throw DatabaseURLError.invalidSSLMode(other)
        }
        return tls
    }
}
