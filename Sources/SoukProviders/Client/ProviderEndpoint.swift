import SoukCore

/// Where and as whom Souk calls one provider: the manifest's `base_url` and API credentials.
public struct ProviderEndpoint: Sendable {
    public var flavour: ManifestFlavour
    public var baseURL: String
    /// The manifest `id` (the slug) for Heroku-flavour providers, the declared username for Scalingo.
    public var username: String
    public var password: String

    public init(flavour: ManifestFlavour, baseURL: String, username: String, password: String) {
        self.flavour = flavour
        self.baseURL = baseURL
        self.username = username
        self.password = password
    }
}
