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
    /// Base64url without padding (RFC 4648 §5).
    public func base64URLEncodedString() -> String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
