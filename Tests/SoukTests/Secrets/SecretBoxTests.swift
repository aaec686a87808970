import Crypto
import Foundation
import SoukStore
import Testing

struct SecretBoxTests {
    let box = SecretBox(key: SymmetricKey(size: .bits256))

    @Test func roundTrip() throws {
        let sealed = try box.seal("postgres://user:pässword@host/db", context: "app-1")
        #expect(sealed.first == 0x02 && Array(sealed.prefix(5)) == box.sealingPrefix)
        #expect(sealed.count == 1 + 4 + 12 + "postgres://user:pässword@host/db".utf8.count + 16)
        #expect(try box.open(sealed, context: "app-1") == "postgres://user:pässword@host/db")
    }

    @Test func roundTripOfBytesAndEmptyText() throws {
        let bytes: [UInt8] = [0, 255, 1, 254]
        #expect(try box.open(bytes: box.seal(bytes: bytes, context: "c"), context: "c") == bytes)
        #expect(try box.open(box.seal("", context: "c"), context: "c") == "")
    }

    @Test func sealingTwiceGivesDifferentBytes() throws {
        #expect(try box.seal("same", context: "c") != box.seal("same", context: "c"))
    }

    @Test func wrongKeyFails() throws {
        let sealed = try box.seal("secret", context: "app-1")
        let other = SecretBox(key: SymmetricKey(size: .bits256))
        #expect(throws: SecretBoxError.unknownKey) { try other.open(sealed, context: "app-1") }
    }

    @Test("A value's first five bytes tell whether a key of the ring sealed it")
    func knowsSealingKey() throws {
        let old = SymmetricKey(size: .bits256)
        let sealedByOld = try SecretBox(key: old).seal("secret", context: "c")
        #expect(box.knowsSealingKey(of: try box.seal("secret", context: "c").prefix(5)))
        #expect(!box.knowsSealingKey(of: sealedByOld.prefix(5)))
        #expect(SecretBox(key: SymmetricKey(size: .bits256), previous: [old]).knowsSealingKey(of: sealedByOld))
        // Version 1 names no key, and what is too short to name one can't be judged by it.
        #expect(box.knowsSealingKey(of: [0x01] + sealedByOld.dropFirst(5)))
        #expect(box.knowsSealingKey(of: sealedByOld.prefix(3)))
    }

    @Test("A ring seals with its first key and opens what any of its keys sealed")
    func ring() throws {
        let old = SymmetricKey(size: .bits256)
        let new = SymmetricKey(size: .bits256)
        let sealedByOld = try SecretBox(key: old).seal("secret", context: "c")
        let ring = SecretBox(key: new, previous: [old])
        #expect(try ring.open(sealedByOld, context: "c") == "secret")
        let resealed = try ring.reseal(sealedByOld, context: "c")
        #expect(
            Array(resealed.prefix(5)) == ring.sealingPrefix && ring.sealingPrefix != SecretBox(key: old).sealingPrefix)
        #expect(try SecretBox(key: new).open(resealed, context: "c") == "secret")
        #expect(throws: SecretBoxError.unknownKey) { try SecretBox(key: old).open(resealed, context: "c") }
        #expect(throws: SecretBoxError.authenticationFailed) { try ring.reseal(sealedByOld, context: "other") }
    }

    @Test("Values sealed before keys had ids (version 1) open with whichever key of the ring sealed them")
    func unkeyedVersion() throws {
        let old = SymmetricKey(size: .bits256)
        let box = try AES.GCM.seal(Array("legacy".utf8), using: old, authenticating: Array("c".utf8))
        let legacy = [UInt8(0x01)] + Array(try #require(box.combined))
        let ring = SecretBox(key: SymmetricKey(size: .bits256), previous: [old])
        #expect(try ring.open(legacy, context: "c") == "legacy")
        #expect(throws: SecretBoxError.authenticationFailed) { try ring.open(legacy, context: "d") }
        #expect(throws: SecretBoxError.authenticationFailed) {
            try SecretBox(key: SymmetricKey(size: .bits256)).open(legacy, context: "c")
        }
        #expect(Array(try ring.reseal(legacy, context: "c").prefix(5)) == ring.sealingPrefix)
    }

    @Test func wrongContextFails() throws {
        let sealed = try box.seal("secret", context: "app-1")
        #expect(throws: SecretBoxError.authenticationFailed) { try box.open(sealed, context: "app-2") }
    }

    @Test func everyTamperedByteFails() throws {
        let sealed = try box.seal("secret", context: "app-1")
        for index in sealed.indices.dropFirst(5) {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(throws: SecretBoxError.authenticationFailed) { try box.open(tampered, context: "app-1") }
        }
        for index in 1..<5 {
            var otherKey = sealed
            otherKey[index] ^= 0x01
            #expect(throws: SecretBoxError.unknownKey) { try box.open(otherKey, context: "app-1") }
        }
        var otherVersion = sealed
        otherVersion[0] = 0x03
        #expect(throws: SecretBoxError.unsupportedVersion(3)) { try box.open(otherVersion, context: "app-1") }
        #expect(throws: SecretBoxError.malformed) { try box.open(Array(sealed.prefix(32)), context: "app-1") }
        #expect(throws: SecretBoxError.malformed) { try box.open([], context: "app-1") }
    }

    @Test func bytesThatArentTextAreReported() throws {
        let sealed = try box.seal(bytes: [0xFF, 0xFE], context: "c")
        #expect(throws: SecretBoxError.notText) { try box.open(sealed, context: "c") }
    }

    @Test func encodedKeysInBase64AndHexOpenTheSameValues() throws {
        let raw = (0..<32).map { UInt8($0 * 7 % 256) }
        let base64 = Data(raw).base64EncodedString()
        let hex = raw.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
        let sealed = try SecretBox(encodedKey: base64).seal("value", context: "c")
        #expect(try SecretBox(encodedKey: hex).open(sealed, context: "c") == "value")
        #expect(try SecretBox(encodedKey: hex.uppercased() + "\n").open(sealed, context: "c") == "value")
        #expect(try SecretBox(key: SymmetricKey(data: raw)).open(sealed, context: "c") == "value")
    }

    @Test func generatedKeysAreUsableAndDistinct() throws {
        let key = SecretBox.generateEncodedKey()
        #expect(Data(base64Encoded: key)?.count == 32)
        #expect(key != SecretBox.generateEncodedKey())
        let box = try SecretBox(encodedKey: key)
        #expect(try box.open(box.seal("x", context: "c"), context: "c") == "x")
    }

    @Test(arguments: [
        "",
        "c2VjcmV0LWtleS10b28tc2hvcnQ=",  // 20 bytes of base64
        String(repeating: "ab", count: 31),  // 31 bytes of hex
        String(repeating: "zz", count: 32),  // 64 characters, not hex
        String(repeating: "A", count: 43) + "=" + "!",  // not base64
        Data(repeating: 7, count: 32).base64EncodedString().replacingOccurrences(of: "=", with: "") + "$",
        Data(repeating: 7, count: 48).base64EncodedString(),  // 48 bytes
    ])
    func rejectsBadEncodedKeys(_ encodedKey: String) {
        let error = #expect(throws: SecretBoxError.invalidKeyEncoding) { try SecretBox(encodedKey: encodedKey) }
        if !encodedKey.isEmpty {
            #expect(!"\(String(describing: error)) \(String(reflecting: error))".contains(encodedKey))
        }
    }
}
