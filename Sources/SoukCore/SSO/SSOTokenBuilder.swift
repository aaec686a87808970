import Crypto
import Foundation

/// Single sign-on tokens and hand-offs (PROTOCOLS §6), for the platform's SSO routes and the CLI's conformance
/// tester alike. Pure: the salt and the timestamp are inputs, so the same call always gives the same hand-off.
public struct SSOTokenBuilder: Sendable {
    public var salt: String
    /// Unix seconds.
    public var timestamp: Int

    public init(salt: String, timestamp: Int) {
        self.salt = salt
        self.timestamp = timestamp
    }

    /// v1: `sha1(id:salt:timestamp)`, with the provider's id as stored.
    public func token(id: String) -> String {
        Self.hexDigest(Insecure.SHA1.self, of: "\(id):\(salt):\(timestamp)")
    }

    /// v3: `sha1(uuid:salt:timestamp)`.
    public func resourceToken(resourceID: UUID) -> String {
        Self.hexDigest(Insecure.SHA1.self, of: "\(Self.string(resourceID)):\(salt):\(timestamp)")
    }

    /// `sha256(uuid:salt:timestamp:user_id:email)`, the token Heroku now recommends.
    public func userScopedResourceToken(resourceID: UUID, userID: UUID, email: String) -> String {
        let message = "\(Self.string(resourceID)):\(salt):\(timestamp):\(Self.string(userID)):\(email)"
        return Self.hexDigest(SHA256.self, of: message)
    }

    /// The hand-off in the subject's flavour: a form to POST (Heroku) or a link to follow (Scalingo).
    public func handOff(_ subject: SSOSubject) -> SSOHandOff {
        switch subject.flavour {
        case .heroku: herokuHandOff(subject)
        case .scalingo: scalingoHandOff(subject)
        // A broker's dashboard signs its users in itself (OSB `dashboard_client`): the link is all Souk gives.
        case .osb: SSOHandOff(method: .get, action: subject.ssoURL, params: [:])
        }
    }

    func herokuHandOff(_ subject: SSOSubject) -> SSOHandOff {
        let signed: [String: String] = [
            "id": subject.providerID,
            "token": token(id: subject.providerID),
            "resource_id": Self.string(subject.addonID),
            "resource_token": resourceToken(resourceID: subject.addonID),
            "user_scoped_resource_token": userScopedResourceToken(
                resourceID: subject.addonID, userID: subject.userID, email: subject.email
            ),
            "timestamp": String(timestamp),
            "email": subject.email,
            "user_id": Self.string(subject.userID),
            "app": subject.app,
            "context_app": subject.contextApp,
            "nav-data": subject.navData.encoded,
        ]
        // Only the user-scoped token signs `email`, so an extra must never stand in for a field Souk sets.
        let params = signed.merging(subject.extras) { ours, _ in ours }
        return SSOHandOff(method: .post, action: subject.ssoURL, params: params)
    }

    func scalingoHandOff(_ subject: SSOSubject) -> SSOHandOff {
        let signed: [(String, String)] = [
            ("id", subject.providerID),
            ("timestamp", String(timestamp)),
            ("token", token(id: subject.providerID)),
        ]
        let extras = subject.extras.filter { name, _ in !signed.contains { $0.0 == name } }
            .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let query = (signed + extras).map { "\(PercentEncoding.encode($0))=\(PercentEncoding.encode($1))" }
            .joined(separator: "&")
        var params = Dictionary(uniqueKeysWithValues: signed)
        params.merge(extras) { ours, _ in ours }
        return SSOHandOff(method: .get, action: Self.appendQuery(query, to: subject.ssoURL), params: params)
    }

    /// `url?query`, or `url&query` when it has a query already; a fragment stays last.
    static func appendQuery(_ query: String, to url: String) -> String {
        var base = Substring(url)
        var fragment: Substring = ""
        if let hash = base.firstIndex(of: "#") {
            fragment = base[hash...]
            base = base[..<hash]
        }
        let separator =
            if !base.contains("?") { "?" } else if base.hasSuffix("?") || base.hasSuffix("&") { "" } else { "&" }
        return base + separator + query + fragment
    }

    static func string(_ id: UUID) -> String { id.lowercasedString }

    /// The digest of the message's UTF-8, hashed in place.
    static func hexDigest<Hash: HashFunction>(_: Hash.Type, of message: String) -> String {
        var message = message
        return message.withUTF8 { Hash.hash(data: UnsafeRawBufferPointer($0)).withUnsafeBytes(\.lowercaseHex) }
    }
}
