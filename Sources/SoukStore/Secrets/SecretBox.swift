import Crypto
import Foundation

/// Seals secrets at rest (config var values, provider passwords) with AES-GCM.
///
/// A sealed value is one version byte (`0x01`) followed by AES-GCM's combined nonce, ciphertext and tag.
/// The nonce is random per call, so sealing the same text twice gives different bytes. `context` is
/// authenticated but not stored: callers pass the owning row's id, so a value copied onto another row
/// no longer opens.
public struct SecretBox: Sendable {
    static let version: UInt8 = 0x01
    /// Version byte, 12-byte nonce, 16-byte tag.
    static let minimumSealedCount = 1 + 12 + 16

    private let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// A box from a 32-byte key given as standard base64 or as 64 hex digits (surrounding whitespace,
    /// such as the newline of a key file, is ignored).
    public init(encodedKey: String) throws {
        let text = encodedKey.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.utf8.count == 64, let bytes = Self.hexBytes(text) {
            self.init(key: SymmetricKey(data: bytes))
        } else if let data = Data(base64Encoded: text), data.count == 32 {
            self.init(key: SymmetricKey(data: data))
        } else {
            throw SecretBoxError.invalidKeyEncoding
        }
    }

    /// A fresh random 256-bit key, base64-encoded, for `init(encodedKey:)`.
    public static func generateEncodedKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public func seal(_ plaintext: String, context: String) throws -> [UInt8] {
        try seal(bytes: Array(plaintext.utf8), context: context)
    }

    public func open(_ sealed: [UInt8], context: String) throws -> String {
        guard let text = String(validating: try open(bytes: sealed, context: context), as: UTF8.self) else {
            throw SecretBoxError.notText
        }
        return text
    }

    public func seal(bytes plaintext: [UInt8], context: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Array(context.utf8))
        // `combined` is nil only for nonces other than 12 bytes, and seal picks a 12-byte one.
        guard let combined = box.combined else { throw SecretBoxError.malformed }
        return [Self.version] + Array(combined)
    }

    public func open(bytes sealed: [UInt8], context: String) throws -> [UInt8] {
        guard sealed.count >= Self.minimumSealedCount else { throw SecretBoxError.malformed }
        guard sealed[0] == Self.version else { throw SecretBoxError.unsupportedVersion(sealed[0]) }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
            return Array(try AES.GCM.open(box, using: key, authenticating: Array(context.utf8)))
        } catch {
            throw SecretBoxError.authenticationFailed
        }
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count / 2)
        var pending: UInt8?
        for character in text {
            guard let nibble = character.hexDigitValue, character.isASCII else { return nil }
            if let high = pending {
                bytes.append(high << 4 | UInt8(nibble))
                pending = nil
            } else {
                pending = UInt8(nibble)
            }
        }
        return pending == nil ? bytes : nil
    }
}
