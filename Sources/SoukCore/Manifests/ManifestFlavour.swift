/// Which platform's manifest a provider pushed; it decides how Souk talks to that provider later
/// (request bodies, the Basic auth user, the SSO style).
public enum ManifestFlavour: String, Codable, Sendable {
    case heroku
    case scalingo
}
