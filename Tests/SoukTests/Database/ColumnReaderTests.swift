import Foundation
import PostgresNIO
import Testing

@testable import SoukStore

@Suite(.soukDatabase)
struct ColumnReaderTests {
    @Test("Reads a row's columns in order, nulls as nil; a column too many or of the wrong type throws")
    func readsInOrder() async throws {
        try await withTestDatabase(SoukDatabase.current) { database in
            let id = UUID()
            var rows: [PostgresRow] = []
            for try await row in try await database.query(
                "SELECT \(id) AS id, 'souk'::text AS name, NULL::text AS missing, 7::int4 AS count",
                logger: TestDatabase.logger)
            {
                rows.append(row)
            }
            let row = try #require(rows.first)

            var columns = ColumnReader(row)
            #expect(try columns.next(UUID.self) == id)
            #expect(try columns.next(String.self) == "souk")
            #expect(try columns.next(String?.self) == nil)
            #expect(try columns.next(Int32.self) == 7)
            #expect(throws: ColumnReader.MissingColumn.self) { try columns.next(String.self) }

            var mistyped = ColumnReader(row)
            #expect(throws: PostgresDecodingError.self) { try mistyped.next(Int32.self) }
        }
    }
}
