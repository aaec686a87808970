import Foundation
import SoukCore
import Testing

@Suite("Ids on the wire")
struct UUIDLowercasedStringTests {
    @Test("An id is written as Foundation writes it, in lower case")
    func sameAsFoundation() {
        let ids =
            [
                UUID(uuidString: "00000000-0000-0000-0000-000000000000")!,
                UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!,
            ] + (0..<200).map { _ in UUID() }
        for id in ids { #expect(id.lowercasedString == id.uuidString.lowercased()) }
    }
}
