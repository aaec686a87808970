import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Re-seals every secret at rest under the box's current key, a batch of rows at a time, while Souk runs:
/// what `souk rotate-key` does once every process has the new `SOUK_ENCRYPTION_KEY` and keeps the old one in
/// `SOUK_PREVIOUS_ENCRYPTION_KEYS`.
///
/// It needs no record of its progress: a value names the key that sealed it (`SecretBox.sealingPrefix`), so
/// each pass reads only what is still under an older key, and an interrupted rotation resumes by running
/// again. Each batch is one statement that swaps a value only if it is still the one read, so a secret that a
/// request changed meanwhile (sealed under the new key already) is left as the request wrote it.
public struct KeyRotation: Sendable {
    /// A number of values in one sealed column (`table.column`).
    public struct Count: Sendable, Equatable {
        public let column: String
        public let values: Int
    }

    let database: Database
    let secrets: SecretBox
    let batchSize: Int
    let logger: Logger

    public init(database: Database, secrets: SecretBox, batchSize: Int = 500, logger: Logger) {
        precondition(batchSize > 0, "a batch holds at least one row")
        self.database = database
        self.secrets = secrets
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Re-seals what older keys sealed, column by column, and counts what each column re-sealed; `report`
    /// hears after each column. Stops after `batchLimit` batches if given (as an interruption would), else
    /// when every column is done.
    @discardableResult
    public func run(batchLimit: Int? = nil, report: (Count) -> Void = { _ in }) async throws -> [Count] {
        var counts: [Count] = []
        var batches = 0
        for column in SealedColumn.all {
            var resealed = 0
            var cursor: [String]?
            while batchLimit.map({ batches < $0 }) ?? true {
                let rows = try await read(column, after: cursor)
                guard let last = rows.last else { break }
                resealed += try await swap(column, rows: rows)
                batches += 1
                cursor = last.key
                if rows.count < batchSize { break }
            }
            let count = Count(column: column.name, values: resealed)
            counts.append(count)
            report(count)
        }
        return counts
    }

    /// How many values each column still holds under a key other than the current one: all zeros once a
    /// rotation is done and no process seals with an old key any more.
    public func remaining() async throws -> [Count] {
        var counts: [Count] = []
        for column in SealedColumn.all {
            let rows = try await database.query(
                PostgresQuery(
                    unsafeSQL: "SELECT count(*) FROM \(column.table) WHERE \(Self.stale(column))",
                    binds: prefixBinding()),
                logger: logger)
            for try await count in rows.decode(Int64.self) {
                counts.append(Count(column: column.name, values: Int(count)))
            }
        }
        return counts
    }

    private struct Row {
        let key: [String]
        let old: ByteBuffer
        let new: ByteBuffer
    }

    /// The next batch of `column`'s stale values after `cursor` in key order, each already re-sealed.
    private func read(_ column: SealedColumn, after cursor: [String]?) async throws -> [Row] {
        let keys = column.key.map(\.name).joined(separator: ", ")
        let selected = column.key.map { "\($0.name)::text" } + column.contextColumns.map { "\($0)::text" }
        var binds = prefixBinding()
        var after = ""
        if let cursor {
            let placeholders = zip(column.key, cursor).enumerated().map { index, pair in
                binds.append(pair.1)
                return "$\(index + 2)::\(pair.0.type)"
            }
            after = "AND (\(keys)) > (\(placeholders.joined(separator: ", ")))"
        }
        // Identifiers come from `SealedColumn.all`, never from input; values are bound.
        let sql = """
            SELECT \(selected.joined(separator: ", ")), \(column.column) FROM \(column.table)
            WHERE \(Self.stale(column)) \(after) ORDER BY \(keys) LIMIT \(batchSize)
            """
        var rows: [Row] = []
        for try await row in try await database.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
            let cells = row.makeRandomAccess()
            let texts = try (0..<selected.count).map { try cells[$0].decode(String.self) }
            let key = Array(texts.prefix(column.key.count))
            let sealed = try cells[selected.count].decode(ByteBuffer.self)
            let resealed: [UInt8]
            do {
                let context = try column.context(Array(texts.dropFirst(column.key.count)))
                resealed = try secrets.reseal(Array(buffer: sealed), context: context)
            } catch {
                throw KeyRotationError.unopenable(column: column.name, key: key, reason: "\(error)")
            }
            rows.append(Row(key: key, old: sealed, new: ByteBuffer(bytes: resealed)))
        }
        return rows
    }

    /// Writes a batch in one statement; a row whose value changed since it was read keeps the new value.
    private func swap(_ column: SealedColumn, rows: [Row]) async throws -> Int {
        var binds = PostgresBindings()
        for index in column.key.indices { binds.append(rows.map { $0.key[index] }) }
        binds.append(rows.map(\.old))
        binds.append(rows.map(\.new))
        let keyCount = column.key.count
        let arrays =
            (1...keyCount).map { "$\($0)::text[]" } + ["$\(keyCount + 1)::bytea[]", "$\(keyCount + 2)::bytea[]"]
        let names = (0..<keyCount).map { "k\($0)" } + ["old", "new"]
        let matches = column.key.enumerated().map { "t.\($1.name) = u.k\($0)::\($1.type)" }
        let sql = """
            WITH swapped AS (
                UPDATE \(column.table) t SET \(column.column) = u.new
                FROM unnest(\(arrays.joined(separator: ", "))) AS u (\(names.joined(separator: ", ")))
                WHERE \(matches.joined(separator: " AND ")) AND t.\(column.column) = u.old
                RETURNING 1)
            SELECT count(*) FROM swapped
            """
        let result = try await database.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        for try await count in result.decode(Int64.self) { return Int(count) }
        return 0
    }

    /// The condition for a value not sealed by the current key; the key is bound as `$1`.
    private static func stale(_ column: SealedColumn) -> String {
        "\(column.column) IS NOT NULL AND substring(\(column.column) FROM 1 FOR 5) <> $1"
    }

    private func prefixBinding() -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(ByteBuffer(bytes: secrets.sealingPrefix))
        return binds
    }
}
