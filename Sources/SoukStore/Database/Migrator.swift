import Crypto
import Foundation
import Logging
import PostgresNIO

/// Applies `migrations/NNNN_name.sql` files in numeric order and records each in `schema_migrations`.
///
/// One `Migrator` serves `souk migrate`, `beforeServerStarts` and the test template. Processes that start
/// together queue on an advisory lock; the later ones then find nothing to do. Applied files are pinned
/// by their SHA-256: an edited or deleted applied file stops the run before anything new is applied.
public struct Migrator: Sendable {
    /// "SoukMigr" in ASCII. Any fixed key works as long as every Souk process uses the same one.
    static let lockKey: Int64 = 0x536F_756B_4D69_6772

    let database: Database
    let directory: String
    let logger: Logger

    public init(database: Database, directory: String, logger: Logger) {
        self.database = database
        self.directory = directory
        self.logger = logger
    }

    /// Applies the pending migrations and returns their file names, in the order applied.
    @discardableResult
    public func migrate() async throws -> [String] {
        let files = try MigrationFile.load(from: directory)
        // The lock belongs to the session, so it, every migration and the unlock share one connection.
        return try await database.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            let applied: [String]
            do {
                applied = try await apply(files, on: connection)
            } catch {
                await unlock(connection)
                throw error
            }
            await unlock(connection)
            return applied
        }
    }

    private func apply(_ files: [MigrationFile], on connection: DatabaseConnection) async throws -> [String] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     bigint PRIMARY KEY,
                name        text NOT NULL,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)

        var recorded: [Int64: (name: String, checksum: String)] = [:]
        let rows = try await connection.query("SELECT version, name, checksum FROM schema_migrations", logger: logger)
        for try await (version, name, checksum) in rows.decode((Int64, String, String).self) {
            recorded[version] = (name, checksum)
        }
        let filesByVersion = Dictionary(uniqueKeysWithValues: files.map { ($0.version, $0) })
        for (version, row) in recorded.sorted(by: { $0.key < $1.key }) {
            guard let file = filesByVersion[version] else {
                throw MigrationError.missingFile(version: version, name: row.name)
            }
            guard file.checksum == row.checksum else {
                throw MigrationError.checksumMismatch(
                    file: file.fileName, recorded: row.checksum, current: file.checksum
                )
            }
        }

        var applied: [String] = []
        for file in files where recorded[file.version] == nil {
            if file.runsOutsideTransaction {
                try await run(file, on: connection)
                try await record(file, on: connection)
            } else {
                try await connection.transaction(logger: logger) { transaction in
                    try await run(file, on: transaction)
                    try await record(file, on: transaction)
                }
            }
            logger.info("Applied migration", metadata: ["migration": "\(file.fileName)"])
            applied.append(file.fileName)
        }
        return applied
    }

    private func run(_ file: MigrationFile, on connection: DatabaseConnection) async throws {
        for (index, statement) in file.statements.enumerated() {
            do {
                // unsafeSQL, as only here and in KeyRotation: migration files are code, shipped with the binary.
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            } catch let error as PSQLError {
                throw MigrationError.statementFailed(
                    file: file.fileName,
                    statement: index + 1,
                    sqlState: error.serverInfo?[.sqlState],
                    message: error.serverInfo?[.message] ?? String(reflecting: error)
                )
            }
        }
    }

    private func record(_ file: MigrationFile, on connection: DatabaseConnection) async throws {
        try await connection.query(
            """
            INSERT INTO schema_migrations (version, name, checksum)
            VALUES (\(file.version), \(file.name), \(file.checksum))
            """, logger: logger)
    }

    /// If the unlock can't run (say the connection broke), closing the connection releases the lock anyway,
    /// rather than handing a locked session back to the pool.
    private func unlock(_ connection: DatabaseConnection) async {
        do {
            try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
        } catch {
            logger.warning("Could not release the migration lock; closing the connection")
            try? await connection.close()
        }
    }
}
