import PostgresNIO

/// Reads a row's columns in order, each as the type the caller asks for. Listings read rows this way rather
/// than by name, which hashes every column's name, or through `PostgresRow.decode` of a tuple, whose variadic
/// generics look type metadata up at run time for every column: either was a fifth of an admin page's time.
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
