import PostgresNIO

/// The rows of one `Database.query`, read in full before its connection went back to the pool (so the
/// lease is over when the caller gets them). Decode them as PostgresNIO's row sequence: `rows.decode(…)`.
public struct DatabaseRows: AsyncSequence, Sendable {
    public typealias Element = PostgresRow
    let rows: [PostgresRow]

    public func makeAsyncIterator() -> Iterator {
        Iterator(rows: rows.makeIterator())
    }

    public struct Iterator: AsyncIteratorProtocol {
        var rows: IndexingIterator<[PostgresRow]>

        public mutating func next() async throws -> PostgresRow? {
            rows.next()
        }
    }
}
