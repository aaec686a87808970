import Logging
import PostgresNIO

extension Database {
    /// A database for a command that writes and exits (`souk migrate`, `souk rotate-key`), leasing from the
    /// first of the URL's hosts that answers as the primary, as the server's probe would find it. With one
    /// host, that host, primary or not (PostgreSQL then says what a standby refuses). Run it with `run()`.
    public static func primary(url: String, logger: Logger) async throws -> Database {
        let configurations = try PostgresClient.Configuration.all(url: url)
        let database = Database(configurations: configurations, logger: logger)
        guard configurations.count > 1 else { return database }
        var findings: [String] = []
        for (host, configuration) in try PostgresConnection.Configuration.all(url: url).enumerated() {
            let place = configuration.place
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: host, logger: logger)
                defer { Task { try? await connection.close() } }
                var standby = true
                for try await inRecovery in try await connection.query("SELECT pg_is_in_recovery()", logger: logger)
                    .decode(Bool.self)
                {
                    standby = inRecovery
                }
                if !standby {
                    database.use(host: host)
                    return database
                }
                findings.append("\(place) is a standby")
            } catch {
                findings.append("\(place) doesn't answer")
            }
        }
        throw NoPrimaryError(findings: findings)
    }
}

/// None of `DATABASE_URL`'s hosts answered as a writable primary: what each one did, without credentials.
public struct NoPrimaryError: Error, CustomStringConvertible {
    public let findings: [String]

    public var description: String {
        "No host of DATABASE_URL is a writable primary: \(findings.joined(separator: "; "))."
    }
}
