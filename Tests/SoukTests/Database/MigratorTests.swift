import Crypto
import Foundation
import PostgresNIO
import SoukStore
import Testing

/// Each test writes its own migration files to a temporary directory and runs them against an empty
/// database of its own.
struct MigratorTests {
    @Test func appliesInNumericOrderAndRecordsChecksums() async throws {
        let files = [
            "0001_create_a.sql": "CREATE TABLE a (id int PRIMARY KEY);",
            // Lexically "01000" sorts before "0999"; numerically it comes after, and it needs b.
            "0999_create_b.sql": "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));",
            "01000_fill_b.sql": "INSERT INTO a VALUES (1);\nINSERT INTO b VALUES (1, 1);",
            "README.md": "not a migration",
        ]
        try await withMigrations(files) { directory, client in
            let applied = try await migrator(client, directory).migrate()
            #expect(applied == ["0001_create_a.sql", "0999_create_b.sql", "01000_fill_b.sql"])

            let rows = try await client.query(
                "SELECT version, name, checksum FROM schema_migrations ORDER BY version", logger: TestDatabase.logger)
            var recorded: [(Int64, String, String)] = []
            for try await row in rows.decode((Int64, String, String).self) { recorded.append(row) }
            #expect(recorded.map { $0.0 } == [1, 999, 1000])
            #expect(recorded.map { $0.1 } == ["create_a", "create_b", "fill_b"])
            #expect(recorded.map { $0.2 } == applied.map { sha256Hex(files[$0]!) })

            #expect(try await migrator(client, directory).migrate() == [])
        }
    }

    @Test func appliesOnlyNewFilesOnTheNextRun() async throws {
        try await withMigrations(["0001_a.sql": "CREATE TABLE a (id int);"]) { directory, client in
            try await migrator(client, directory).migrate()
            try write("0002_b.sql", "CREATE TABLE b (id int);", in: directory)
            #expect(try await migrator(client, directory).migrate() == ["0002_b.sql"])
        }
    }

    @Test func refusesAChangedFile() async throws {
        try await withMigrations(["0001_a.sql": "CREATE TABLE a (id int);"]) { directory, client in
            try await migrator(client, directory).migrate()
            try write("0001_a.sql", "CREATE TABLE a (id bigint);", in: directory)
            try write("0002_b.sql", "CREATE TABLE b (id int);", in: directory)

            let error = await #expect(throws: MigrationError.self) { try await migrator(client, directory).migrate() }
            guard case .checksumMismatch(let file, _, _) = error else {
                Issue.record("expected a checksum mismatch, got \(String(describing: error))")
                return
            }
            #expect(file == "0001_a.sql")
            #expect(try await tableExists("b", client) == false)
        }
    }

    @Test func refusesAMissingFile() async throws {
        let files = ["0001_a.sql": "CREATE TABLE a (id int);", "0002_b.sql": "CREATE TABLE b (id int);"]
        try await withMigrations(files) { directory, client in
            try await migrator(client, directory).migrate()
            try FileManager.default.removeItem(atPath: directory + "/0001_a.sql")
            try write("0003_c.sql", "CREATE TABLE c (id int);", in: directory)

            await #expect(throws: MigrationError.missingFile(version: 1, name: "a")) {
                try await migrator(client, directory).migrate()
            }
            #expect(try await tableExists("c", client) == false)
        }
    }

    @Test func aFailingMigrationRollsBackCompletelyAndStopsTheRun() async throws {
        let files = [
            "0001_a.sql": "CREATE TABLE a (id int);",
            "0002_broken.sql": "CREATE TABLE b (id int);\nINSERT INTO a VALUES (1);\nSELECT * FROM no_such_table;",
            "0003_c.sql": "CREATE TABLE c (id int);",
        ]
        try await withMigrations(files) { directory, client in
            await #expect(
                throws: MigrationError.statementFailed(
                    file: "0002_broken.sql",
                    statement: 3,
                    sqlState: "42P01",
                    message: #"relation "no_such_table" does not exist"#
                )
            ) {
                try await migrator(client, directory).migrate()
            }
            #expect(try await recordedVersions(client) == [1])
            #expect(try await tableExists("b", client) == false)
            #expect(try await tableExists("c", client) == false)
            let rows = try await client.query("SELECT count(*) FROM a", logger: TestDatabase.logger)
            #expect(try await rows.decode(Int.self).reduce(0, +) == 0)
        }
    }

    @Test func noTransactionFilesRunStatementsOneByOne() async throws {
        let files = [
            "0001_a.sql": "CREATE TABLE a (id int, name text);",
            "0002_index.sql": """
            -- souk:no-transaction
            -- PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction block.
            CREATE INDEX CONCURRENTLY a_name_idx ON a (name);
            CREATE INDEX CONCURRENTLY a_id_idx ON a (id);
            """,
        ]
        try await withMigrations(files) { directory, client in
            #expect(try await migrator(client, directory).migrate() == ["0001_a.sql", "0002_index.sql"])
            let rows = try await client.query(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'a' ORDER BY 1", logger: TestDatabase.logger)
            #expect(
                try await rows.decode(String.self).reduce(into: []) { $0.append($1) } == ["a_id_idx", "a_name_idx"])
            #expect(try await recordedVersions(client) == [1, 2])
        }
    }

    @Test func withoutTheMarkerConcurrentIndexesFailInTheTransaction() async throws {
        let files = [
            "0001_a.sql": "CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY a_id_idx ON a (id);"
        ]
        try await withMigrations(files) { directory, client in
            let error = await #expect(throws: MigrationError.self) { try await migrator(client, directory).migrate() }
            guard case .statementFailed(_, let statement, let sqlState, _) = error else {
                Issue.record("expected a failed statement, got \(String(describing: error))")
                return
            }
            #expect(statement == 2)
            #expect(sqlState == "25001")
            let tableWasCreated = try await tableExists("a", client)
            #expect(!tableWasCreated)
        }
    }

    @Test func racingMigratorsApplyEachMigrationOnce() async throws {
        let files = [
            // Slow enough that the second process arrives while the first still holds the lock.
            "0001_slow.sql": "SELECT pg_sleep(0.3);\nCREATE TABLE a (id int);",
            "0002_b.sql": "CREATE TABLE b (id int);",
            "0003_c.sql": "INSERT INTO a VALUES (1);",
        ]
        try await withMigrations(files) { directory, client in
            // A second client stands for a second process: its own pool, its own connections.
            let url = try await databaseURL(of: client)
            try await withTestDatabase(url) { otherClient in
                async let first = migrator(client, directory).migrate()
                async let second = migrator(otherClient, directory).migrate()
                let results = try await [first, second]
                #expect(results.contains([]))
                #expect(results.flatMap { $0 } == ["0001_slow.sql", "0002_b.sql", "0003_c.sql"])
            }
            #expect(try await recordedVersions(client) == [1, 2, 3])
            let rows = try await client.query("SELECT count(*) FROM a", logger: TestDatabase.logger)
            #expect(try await rows.decode(Int.self).reduce(0, +) == 1)
        }
    }

    @Test(arguments: [
        (["1_a.sql": "SELECT 1;"], MigrationError.badFileName("1_a.sql")),
        (["0001-a.sql": "SELECT 1;"], .badFileName("0001-a.sql")),
        (["0001_.sql": "SELECT 1;"], .badFileName("0001_.sql")),
        (["0001_a b.sql": "SELECT 1;"], .badFileName("0001_a b.sql")),
        (["notes.sql": "SELECT 1;"], .badFileName("notes.sql")),
        (["0001_a.sql": "SELECT 1;", "001_b.sql": "SELECT 1;"], .badFileName("001_b.sql")),
        (
            ["0001_a.sql": "SELECT 1;", "00001_b.sql": "SELECT 1;"],
            .duplicateVersion(1, files: ["00001_b.sql", "0001_a.sql"])
        ),
    ])
    func refusesBadDirectoriesBeforeTouchingTheDatabase(
        _ files: [String: String],
        _ expected: MigrationError
    ) async throws {
        try await withMigrations(files) { directory, client in
            await #expect(throws: expected) { try await migrator(client, directory).migrate() }
            let trackingTableWasCreated = try await tableExists("schema_migrations", client)
            #expect(!trackingTableWasCreated)
        }
    }

    @Test func refusesAMissingDirectory() async throws {
        try await withMigrations([:]) { directory, client in
            let error = await #expect(throws: MigrationError.self) {
                try await migrator(client, directory + "/nope").migrate()
            }
            guard case .unreadable = error else {
                Issue.record("expected an unreadable directory, got \(String(describing: error))")
                return
            }
        }
    }
}

extension MigratorTests {
    private func migrator(_ client: Database, _ directory: String) -> Migrator {
        Migrator(database: client, directory: directory, logger: TestDatabase.logger)
    }

    /// Writes `files` to a fresh temporary directory and runs `body` on a fresh empty database.
    private func withMigrations(
        _ files: [String: String],
        _ body: (String, Database) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("souk-migrations-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, contents) in files { try write(name, contents, in: directory) }

        let url = try await TestDatabase.createEmpty()
        do {
            try await withTestDatabase(url) { client in try await body(directory, client) }
        } catch {
            try? await TestDatabase.drop(url)
            throw error
        }
        try await TestDatabase.drop(url)
    }

    private func write(_ name: String, _ contents: String, in directory: String) throws {
        try Data(contents.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
    }

    private func databaseURL(of client: Database) async throws -> String {
        let rows = try await client.query("SELECT current_database()", logger: TestDatabase.logger)
        let name = try await rows.decode(String.self).first { _ in true } ?? ""
        return TestDatabase.url(database: name)
    }

    private func recordedVersions(_ client: Database) async throws -> [Int64] {
        let rows = try await client.query(
            "SELECT version FROM schema_migrations ORDER BY version", logger: TestDatabase.logger)
        return try await rows.decode(Int64.self).reduce(into: []) { $0.append($1) }
    }

    private func tableExists(_ name: String, _ client: Database) async throws -> Bool {
        let rows = try await client.query("SELECT to_regclass(\(name)) IS NOT NULL", logger: TestDatabase.logger)
        return try await rows.decode(Bool.self).first { _ in true } ?? false
    }

    private func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
