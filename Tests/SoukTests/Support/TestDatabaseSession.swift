import Logging
import PostgresNIO
import SoukStore

/// What the test process sets up once: an admin client, its run number and the migrated template.
struct TestDatabaseSession: Sendable {
    /// First half of the two-key advisory lock a run holds while alive ("Souk"); the run number is the other.
    static let runLockClass: Int32 = 0x536F_756B

    /// Started on first use; `static let` makes that happen exactly once, whichever suite asks first.
    static let shared = Task { try await TestDatabaseSession.start() }

    let admin: PostgresClient
    let run: Int32
    let template: String

    func createDatabase(template: String) async throws -> String {
        let name = "souk_test_\(run)_\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        try await admin.query("CREATE DATABASE \(unescaped: name) TEMPLATE \(unescaped: template)", logger: logger)
        return TestDatabase.url(database: name)
    }

    private var logger: Logger { TestDatabase.logger }

    private static func start() async throws -> TestDatabaseSession {
        let admin = PostgresClient(configuration: try .init(url: TestDatabase.adminURL, maximumConnections: 10))
        // The admin client lives as long as the process; nothing needs to stop it.
        Task.detached { await admin.run() }
        let run = Int32.random(in: 1...Int32.max)
        try await holdRunLock(run, admin: admin)

        let template = "souk_template_\(run)"
        try await admin.query("CREATE DATABASE \(unescaped: template) TEMPLATE template0", logger: TestDatabase.logger)
        // The migrator's client must be closed before CREATE DATABASE … TEMPLATE can copy the template.
        try await withTestDatabase(TestDatabase.url(database: template)) { client in
            try await Migrator(
                database: client, directory: TestDatabase.migrationsDirectory, logger: TestDatabase.logger
            )
            .migrate()
        }
        return TestDatabaseSession(admin: admin, run: run, template: template)
    }

    /// Takes this run's lock on a connection kept open until the process exits, then drops what dead runs
    /// left behind. Returns once the lock is held.
    private static func holdRunLock(_ run: Int32, admin: PostgresClient) async throws {
        try await withCheckedThrowingContinuation { (locked: CheckedContinuation<Void, any Error>) in
            Task.detached {
                var hasResumed = false
                do {
                    try await admin.withConnection { connection in
                        try await connection.query(
                            "SELECT pg_advisory_lock(\(runLockClass), \(run))", logger: TestDatabase.logger
                        )
                        await dropAbandonedDatabases(on: connection, except: run)
                        hasResumed = true
                        locked.resume()
                        while true { try await Task.sleep(for: .seconds(3600)) }
                    }
                } catch {
                    if !hasResumed { locked.resume(throwing: error) }
                }
            }
        }
    }

    /// Best effort: a database that can't be dropped now is tried again by the next run.
    private static func dropAbandonedDatabases(on connection: PostgresConnection, except ownRun: Int32) async {
        let logger = TestDatabase.logger
        do {
            let rows = try await connection.query(
                """
                SELECT datname, substring(datname FROM '^souk_(?:template|test)_([0-9]+)')::int
                FROM pg_database WHERE datname ~ '^souk_(template|test)_[0-9]+'
                """, logger: logger)
            var databasesByRun: [Int32: [String]] = [:]
            for try await (name, run) in rows.decode((String, Int32).self) where run != ownRun {
                databasesByRun[run, default: []].append(name)
            }
            for (run, names) in databasesByRun {
                let free = try await connection.query(
                    "SELECT pg_try_advisory_lock(\(runLockClass), \(run))", logger: logger
                )
                guard try await free.decode(Bool.self).first(where: { _ in true }) == true else { continue }
                for name in names {
                    try await connection.query(
                        "DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger
                    )
                }
                try await connection.query("SELECT pg_advisory_unlock(\(runLockClass), \(run))", logger: logger)
            }
        } catch {
            logger.warning("Could not drop abandoned test databases: \(String(reflecting: error))")
        }
    }
}
