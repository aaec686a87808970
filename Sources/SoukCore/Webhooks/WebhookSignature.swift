import Crypto
import Foundation

/// `Heroku-Webhook-Hmac-SHA256`: the base64 of HMAC-SHA256 over the exact body, keyed with the webhook's
/// secret. One builder for the dispatcher and the tests' receivers alike.
public enum WebhookSignature {
    public static let header = "Heroku-Webhook-Hmac-SHA256"

    public static func sign(_ body: some DataProtocol, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(body), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString()
    }
}
