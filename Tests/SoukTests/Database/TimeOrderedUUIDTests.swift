import Foundation
import Testing

@testable import SoukStore

/// Hand-off records are keyed by version 7 UUIDs, so that each insert lands at the right edge of the key's index.
@Suite("Time-ordered ids")
struct TimeOrderedUUIDTests {
    @Test("Version 7: the time in milliseconds first, then the version, the variant and random bits")
    func layout() {
        let date = Date(timeIntervalSince1970: 1_796_083_200.1235)
        let id = UUID.timeOrdered(at: date)
        let text = id.uuidString.lowercased()
        // 1,796,083,200,123 whole milliseconds is 0x01a2_2ee6_b07b.
        #expect(text.hasPrefix("01a22ee6-b07b-7"), "\(text)")
        #expect(["8", "9", "a", "b"].contains(text[text.index(text.startIndex, offsetBy: 19)]), "\(text)")
        #expect(UUID.timeOrdered(at: date) != id)
    }

    @Test("Ids of later milliseconds sort after earlier ones, as PostgreSQL compares uuids: byte by byte")
    func order() {
        let start = Date(timeIntervalSince1970: 1_796_083_200)
        let ids = (0..<200).map { UUID.timeOrdered(at: start + (Double($0) + 0.5) / 1000) }
        let bytes = ids.map { id in withUnsafeBytes(of: id.uuid) { Array($0) } }
        #expect(zip(bytes, bytes.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
    }
}
