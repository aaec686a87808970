import Crypto
import Foundation
import SoukCore
import SoukStore

/// The token every dashboard form carries: an HMAC of the visitor's session token (or, before sign-in, of
/// the visit cookie's). Another site can make a browser post a form but can't read its cookies, so it can't
/// compute the token; nothing needs storing, and a session's token changes with the session.
enum CSRFToken {
    static func make(key: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("souk-dashboard-form".utf8), using: SymmetricKey(data: Array(key.utf8)))
        return Data(mac).base64URLEncodedString()
    }

    static func matches(_ given: String, key: String) -> Bool {
        SecretHash.constantTimeEquals(Array(given.utf8), Array(make(key: key).utf8))
    }
}
