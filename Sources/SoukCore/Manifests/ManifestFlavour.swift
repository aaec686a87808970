/// Which protocol a provider speaks: the platform whose manifest it pushed, or the Open Service Broker API for a
/// service read from a registered broker's catalog. It decides how Souk talks to that provider later (request
/// bodies, the Basic auth user, the SSO style).
public enum ManifestFlavour: String, Codable, Sendable {
    case heroku
    case scalingo
    /// Open Service Broker API v2.17: never pushed as a manifest, only read from `GET /v2/catalog`.
    case osb
}
