import Foundation
import Logging
import PostgresNIO
import SoukStore

/// Throwaway databases on the PostgreSQL server named by `DATABASE_URL`, which must allow
/// `CREATE DATABASE`.
///
/// The first call migrates a template, `souk_template_<run>`, with the real `Migrator` and the repository's
/// `migrations/`; every `create()` then copies it, which costs milliseconds instead of a migration run.
/// Each process holds an advisory lock named after its run number for as long as it lives, so the next
/// run can tell a crashed run's leftovers (its lock is free) from a concurrent run's databases.
enum TestDatabase {
    static let adminURL =
        ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres"

    /// `Tests/SoukTests/Support/TestDatabase.swift` → the repository root. `migrations/` belongs to no
    /// target, so it is read from disk.
    static let migrationsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("migrations").path

    static let logger: Logger = {
        var logger = Logger(label: "souk.tests.database")
        logger.logLevel = .warning
        return logger
    }()

    /// A fresh database with the current schema; returns its URL. Drop it with `drop(_:)`.
    static func create() async throws -> String {
        let session = try await TestDatabaseSession.shared.value
        return try await session.createDatabase(template: session.template)
    }

    /// A fresh database without any schema, for tests of the migrator itself.
    static func createEmpty() async throws -> String {
        let session = try await TestDatabaseSession.shared.value
        return try await session.createDatabase(template: "template0")
    }

    /// Drops a database made by `create()` or `createEmpty()`, even if connections to it are still open.
    static func drop(_ url: String) async throws {
        let session = try await TestDatabaseSession.shared.value
        let name = try PostgresClient.Configuration(url: url).database ?? ""
        precondition(name.hasPrefix("souk_test_"), "TestDatabase.drop only drops test databases, not \(name)")
        try await session.admin.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
    }

    /// `adminURL` with its database replaced by `database`.
    static func url(database: String) -> String {
        let schemeEnd = adminURL.range(of: "://")?.upperBound ?? adminURL.startIndex
        let hostStart = adminURL[schemeEnd...].lastIndex(of: "@").map(adminURL.index(after:)) ?? schemeEnd
        let queryStart = adminURL[hostStart...].firstIndex(of: "?") ?? adminURL.endIndex
        let pathStart = adminURL[hostStart..<queryStart].firstIndex(of: "/") ?? queryStart
        return adminURL[..<pathStart] + "/" + database + adminURL[queryStart...]
    }
}

/// Runs a `Database` for the duration of `body`: it serves nothing until `run()` runs, and cancelling
/// `run()` closes its connections.
func withTestDatabase<T>(
    _ url: String,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (Database) async throws -> T
) async throws -> T {
    let database = Database(configuration: try .init(url: url, maximumConnections: 10), logger: TestDatabase.logger)
    return try await withThrowingTaskGroup(of: Void.self, returning: T.self, isolation: isolation) { group in
        group.addTask { await database.run() }
        defer { group.cancelAll() }
        return try await body(database)
    }
}
