import Foundation
import SoukCore
import Testing

@Suite("Base64url")
struct Base64URLTests {
    @Test(
        "RFC 4648 §5 alphabet, no padding",
        arguments: [
            ([UInt8](), ""), ([0xFB, 0xFF], "-_8"), ([0xFB, 0xEF, 0xBE], "----"), ([0xFF, 0xFF, 0xFF, 0xFF], "_____w"),
            (Array("souk".utf8), "c291aw"),
        ])
    func alphabet(bytes: [UInt8], expected: String) {
        #expect(Data(bytes).base64URLEncodedString() == expected)
    }
}
