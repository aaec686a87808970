/// Why a `SecretBox` couldn't be made or couldn't open a value. No case carries key material or plaintext.
public enum SecretBoxError: Error, Equatable, CustomStringConvertible {
    /// The encoded key is neither 32 bytes of standard base64 nor 64 hex digits.
    case invalidKeyEncoding
    /// The sealed value is too short to hold a version byte, a key id, a nonce and a tag.
    case malformed
    /// The sealed value starts with a format version this code doesn't know.
    case unsupportedVersion(UInt8)
    /// Wrong key, wrong context, or the sealed bytes were altered.
    case authenticationFailed
    /// The value was sealed by a key that isn't in the ring (`SOUK_ENCRYPTION_KEY` and the previous keys).
    case unknownKey
    /// The value opened, but isn't UTF-8 text (it was sealed with `seal(bytes:context:)`).
    case notText

    public var description: String {
        switch self {
        case .invalidKeyEncoding:
            "The secret key must be 32 bytes, given as standard base64 or as 64 hexadecimal digits"
        case .malformed:
            "The sealed value is too short to be a sealed value"
        case .unsupportedVersion(let version):
            "The sealed value has unknown format version \(version)"
        case .authenticationFailed:
            "The sealed value doesn't open with this key and context (wrong key, wrong context, or altered data)"
        case .unknownKey:
            "The sealed value was sealed by a key that is neither SOUK_ENCRYPTION_KEY nor a previous key"
        case .notText:
            "The sealed value is not UTF-8 text"
        }
    }
}
