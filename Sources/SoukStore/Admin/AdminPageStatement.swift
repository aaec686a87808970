import Foundation
import PostgresNIO

/// An unfiltered page of an admin listing, newest first, after the row `$1` (from the top when it is null),
/// of at most `rows` rows. Prepared, with its limit written in: planning the listing's joins took longer than
/// running them, and with the limit a parameter PostgreSQL would plan for a tenth of the table (and compile
/// that plan). The first page resumes after a sentinel that sorts above every row, so that one plan serves
/// both: an `OR` in its place would keep the index from bounding the scan.
protocol AdminPageStatement: PostgresPreparedStatement where Row == PostgresRow {
    var after: UUID? { get }
}

extension AdminPageStatement {
    /// The most rows a page reads: a page of 100, and one to tell whether another follows.
    static var rows: Int { 101 }

    static var bindingDataTypes: [PostgresDataType] { [.uuid] }

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(after)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }

    /// The page's statement over `table` (aliased `alias`, with `joins`), selecting `columns`.
    static func pageSQL(columns: String, table: String, alias: String, joins: String) -> String {
        """
        SELECT \(columns) FROM \(table) \(alias) \(joins)
        WHERE (\(alias).created_at, \(alias).id) < (
            SELECT created_at, id FROM \(table) WHERE id = $1
            UNION ALL
            SELECT 'infinity'::timestamptz, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid WHERE $1 IS NULL
        )
        ORDER BY \(alias).created_at DESC, \(alias).id DESC
        LIMIT \(rows)
        """
    }
}
