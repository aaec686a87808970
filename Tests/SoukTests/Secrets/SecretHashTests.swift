import Foundation
import SoukStore
import Testing

struct SecretHashTests {
    @Test func sha256MatchesTheKnownDigest() {
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(SecretHash.sha256("abc").map { String(format: "%02x", $0) }.joined() == expected)
    }

    @Test func constantTimeEquals() {
        #expect(SecretHash.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!SecretHash.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!SecretHash.constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(SecretHash.constantTimeEquals([], []))
    }
}
