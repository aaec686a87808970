import Crypto
import Foundation

/// Seals secrets at rest (config var values, provider passwords) with AES-GCM, under a ring of keys: the
/// current one seals, and every key in the ring opens, so that `SOUK_ENCRYPTION_KEY` can be rotated while
/// Souk runs (`souk rotate-key` re-seals what older keys sealed).
///
/// A sealed value is a version byte, then for version 2 the sealing key's 4-byte id, then AES-GCM's combined
/// nonce, ciphertext and tag. Version 1 (no key id, written before key rotation existed) is still opened, by
/// trying each key. The nonce is random per call, so sealing the same text twice gives different bytes.
/// `context` is authenticated but not stored: callers pass the owning row's id (`SealContext`), so a value
/// copied onto another row no longer opens.
public struct SecretBox: Sendable {
    static let version: UInt8 = 0x02
    static let unkeyedVersion: UInt8 = 0x01
    /// 12-byte nonce, 16-byte tag.
    static let boxOverhead = 12 + 16
    /// A version 2 value's version byte and key id, before the box.
    public static let keyedHeaderLength = 1 + 4

    /// The ring: the sealing key first.
    private let keys: [(id: [UInt8], key: SymmetricKey)]

    public init(key: SymmetricKey, previous: [SymmetricKey] = []) {
        keys = ([key] + previous).map { (Self.keyID($0), $0) }
    }

    /// A box from a 32-byte key given as standard base64 or as 64 hex digits (surrounding whitespace,
    /// such as the newline of a key file, is ignored), and the keys it replaces, which still open.
    public init(encodedKey: String, previous: [String] = []) throws {
        self.init(key: try Self.decodeKey(encodedKey), previous: try previous.map(Self.decodeKey))
    }

    /// A fresh random 256-bit key, base64-encoded, for `init(encodedKey:)`.
    public static func generateEncodedKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// How every value sealed by this box starts: its version and the current key's id. A value that starts
    /// otherwise was sealed by an older key and is one `souk rotate-key` re-seals.
    public var sealingPrefix: [UInt8] { [Self.version] + keys[0].id }

    /// Whether a key of the ring sealed `sealed`, known from its first five bytes: false only for a value that
    /// names another key. A value from before key ids (version 1) or not sealed here at all passes.
    public func knowsSealingKey(of sealed: some Collection<UInt8>) -> Bool {
        guard let id = Self.sealingKeyID(of: sealed) else { return true }
        return keys.contains { $0.id == id }
    }

    /// The id of the key that sealed `sealed`, from its header; nil for a value without one (version 1, or
    /// too short to hold it).
    public static func sealingKeyID(of sealed: some Collection<UInt8>) -> [UInt8]? {
        guard sealed.first == version, sealed.count >= keyedHeaderLength else { return nil }
        return Array(sealed.dropFirst().prefix(keyedHeaderLength - 1))
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
        let box = try AES.GCM.seal(plaintext, using: keys[0].key, authenticating: Array(context.utf8))
        // `combined` is nil only for nonces other than 12 bytes, and seal picks a 12-byte one.
        guard let combined = box.combined else { throw SecretBoxError.malformed }
        return sealingPrefix + Array(combined)
    }

    public func open(bytes sealed: [UInt8], context: String) throws -> [UInt8] {
        guard let version = sealed.first else { throw SecretBoxError.malformed }
        switch version {
        case Self.version:
            guard sealed.count >= Self.keyedHeaderLength + Self.boxOverhead, let id = Self.sealingKeyID(of: sealed)
            else { throw SecretBoxError.malformed }
            guard let key = keys.first(where: { $0.id == id })?.key else { throw SecretBoxError.unknownKey }
            return try Self.open(sealed.dropFirst(Self.keyedHeaderLength), key: key, context: context)
        case Self.unkeyedVersion:
            guard sealed.count >= 1 + Self.boxOverhead else { throw SecretBoxError.malformed }
            for (_, key) in keys {
                if let opened = try? Self.open(sealed.dropFirst(), key: key, context: context) { return opened }
            }
            throw SecretBoxError.authenticationFailed
        default:
            throw SecretBoxError.unsupportedVersion(version)
        }
    }

    /// `sealed` opened with whichever key of the ring sealed it and sealed again with the current key.
    public func reseal(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        try seal(bytes: try open(bytes: sealed, context: context), context: context)
    }

    private static func open(_ combined: ArraySlice<UInt8>, key: SymmetricKey, context: String) throws -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            return Array(try AES.GCM.open(box, using: key, authenticating: Array(context.utf8)))
        } catch {
            throw SecretBoxError.authenticationFailed
        }
    }

    /// A key's id in sealed values: 4 bytes of a hash of it, which tell the keys of a ring apart and reveal
    /// nothing usable about the key.
    private static func keyID(_ key: SymmetricKey) -> [UInt8] {
        let digest = key.withUnsafeBytes { SHA256.hash(data: Array("souk-secret-key-id".utf8) + Array($0)) }
        return Array(Array(digest).prefix(4))
    }

    private static func decodeKey(_ encodedKey: String) throws -> SymmetricKey {
        let text = encodedKey.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.utf8.count == 64, let bytes = Self.hexBytes(text) {
            return SymmetricKey(data: bytes)
        } else if let data = Data(base64Encoded: text), data.count == 32 {
            return SymmetricKey(data: data)
        }
        throw SecretBoxError.invalidKeyEncoding
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
