extension DatabaseURLParts {
    /// Where to connect.
    enum Endpoint {
        case socket(path: String)
        case tcp(host: String, port: Int)
    }

    /// Where to connect, with libpq's defaults: port 5432, and `?host=/dir` meaning the socket
    /// `<dir>/.s.PGSQL.<port>`. The pool's and the single connection's configurations both read it here.
    func endpoint() throws -> Endpoint {
        let port = port ?? 5432
        if let socketDirectory { return .socket(path: "\(socketDirectory)/.s.PGSQL.\(port)") }
        guard let host else { throw DatabaseURLError.missingHost }
        return .tcp(host: host, port: port)
    }

    /// The database to open: the user's own when the URL names none, as in libpq.
    var databaseName: String { database.flatMap { $0.isEmpty ? nil : $0 } ?? user }
}
