import Crypto
import Foundation

/// API keys: `souk_` and 43 base64url characters (256 random bits). Shown once; only the SHA-256
/// digest is kept (`SecretHash`), which is enough for a token with that much entropy and makes lookup one index probe.
public enum APIKeyToken {
    public static let prefix = "souk_"

    public static func generate() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return prefix + bytes.base64URLEncodedString()
    }
}

extension Data {
    /// Decodes base64url, with or without padding; nil for anything else.
    public init?(base64URLEncoded text: some StringProtocol) {
        var base64 = String(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }

    /// Base64url without padding (RFC 4648 §5).
    /// Mapped byte by byte: Foundation's `replacingOccurrences` went through NSString and was a tenth of an SSO.
    public func base64URLEncodedString() -> String {
        var characters = [UInt8]()
        characters.reserveCapacity((count + 2) / 3 * 4)
        for byte in base64EncodedData() {
            switch byte {
            case UInt8(ascii: "+"): characters.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): characters.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): break
            default: characters.append(byte)
            }
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
