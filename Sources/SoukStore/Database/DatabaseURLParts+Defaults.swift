extension DatabaseURLParts {
    /// Where to connect.
    enum Endpoint {
        case socket(path: String)
        case tcp(host: String, port: Int)
    }

    /// Where to connect, with libpq's defaults: port 5432, and `?host=/dir` meaning the socket
    /// `<dir>/.s.PGSQL.<port>`; one endpoint per host of the list. The pool's and the single connection's
    /// configurations both read them here.
    func endpoints() throws -> [Endpoint] {
        let port = port ?? 5432
        if let socketDirectory { return [.socket(path: "\(socketDirectory)/.s.PGSQL.\(port)")] }
        guard !hosts.isEmpty else { throw DatabaseURLError.missingHost }
        return hosts.map { .tcp(host: $0.name, port: $0.port ?? port) }
    }

    /// Whether connections must go to the primary (`target_session_attrs=read-write`).
    var requiresPrimary: Bool { targetSessionAttributes == "read-write" }

    /// The database to open: the user's own when the URL names none, as in libpq.
    var databaseName: String { database.flatMap { $0.isEmpty ? nil : $0 } ?? user }
}
