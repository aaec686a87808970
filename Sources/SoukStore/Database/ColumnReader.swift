import PostgresNIO

/// Reads a row's columns in order, each as the type the caller asks for. Listings read rows this way: by name,
/// every column's name is hashed for every row (8–11 % of an admin page's server time), and
/// `PostgresRow.decode` of a tuple, whose variadic generics look type metadata up at run time for every
/// column, spent 7 % of it on those look-ups.
struct ColumnReader {
    /// The row had fewer columns than its reader read: the query and its reader disagree.
    struct MissingColumn: Error {}

    private var cells: PostgresRow.Iterator

    init(_ row: PostgresRow) {
        cells = row.makeIterator()
    }

    mutating func next<Value: PostgresDecodable>(_ type: Value.Type = Value.self) throws -> Value {
        guard let cell = cells.next() else { throw MissingColumn() }
        return try cell.decode(Value.self)
    }
}
