import SoukCore

/// Where and as whom Souk calls one provider: the manifest's `base_url` and API credentials.
public struct ProviderEndpoint: Sendable {
    public var flavour: ManifestFlavour
    public var baseURL: String
    /// The manifest `id` (the slug) for Heroku-flavour providers, the declared username for Scalingo.
    public var username: String
    public var password: String
    /// For a broker's service: which catalog entry, and the billing app's binding.
    public var broker: BrokerInstance?

    public init(
        flavour: ManifestFlavour, baseURL: String, username: String, password: String, broker: BrokerInstance? = nil
    ) {
        self.flavour = flavour
        self.baseURL = baseURL
        self.username = username
        self.password = password
        self.broker = broker
    }
}
