import Foundation

/// An add-on service as its provider sees it: the catalog entry plus how Souk will talk to the provider.
/// Secrets are not part of it; the provider reads them back from its manifests.
public struct ProviderAddonService: Codable, Sendable, Equatable {
    public struct Endpoints: Codable, Sendable, Equatable {
        public var baseURL: String?
        public var ssoURL: String?

        public init(baseURL: String?, ssoURL: String?) {
            self.baseURL = baseURL
            self.ssoURL = ssoURL
        }

        enum CodingKeys: String, CodingKey {
            case baseURL = "base_url"
            case ssoURL = "sso_url"
        }
    }

    public var service: AddonService
    public var provider: AccountReference
    public var flavour: ManifestFlavour
    public var manifestVersion: Int
    public var configVarsPrefix: String
    public var configVars: [String]
    public var regions: [String]
    public var requires: [String]
    public var production: Endpoints
    public var test: Endpoints?
    /// Only in the answer to a push: what the validator noticed without refusing the manifest.
    public var warnings: [String]?
    /// Only in the answer to a push: `false` when the manifest equalled the current version, so that nothing
    /// was stored and the version stayed; `true` when a version was stored.
    public var changed: Bool?

    public init(
        service: AddonService, provider: AccountReference, flavour: ManifestFlavour, manifestVersion: Int,
        configVarsPrefix: String, configVars: [String], regions: [String], requires: [String],
        production: Endpoints, test: Endpoints?, warnings: [String]? = nil, changed: Bool? = nil
    ) {
        self.service = service
        self.provider = provider
        self.flavour = flavour
        self.manifestVersion = manifestVersion
        self.configVarsPrefix = configVarsPrefix
        self.configVars = configVars
        self.regions = regions
        self.requires = requires
        self.production = production
        self.test = test
        self.warnings = warnings
        self.changed = changed
    }

    enum CodingKeys: String, CodingKey {
        case provider, flavour, regions, requires, production, test, warnings, changed
        case manifestVersion = "manifest_version"
        case configVarsPrefix = "config_vars_prefix"
        case configVars = "config_vars"
    }

    public init(from decoder: any Decoder) throws {
        service = try AddonService(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        provider = try container.decode(AccountReference.self, forKey: .provider)
        flavour = try container.decode(ManifestFlavour.self, forKey: .flavour)
        manifestVersion = try container.decode(Int.self, forKey: .manifestVersion)
        configVarsPrefix = try container.decode(String.self, forKey: .configVarsPrefix)
        configVars = try container.decode([String].self, forKey: .configVars)
        regions = try container.decode([String].self, forKey: .regions)
        requires = try container.decode([String].self, forKey: .requires)
        production = try container.decode(Endpoints.self, forKey: .production)
        test = try container.decodeIfPresent(Endpoints.self, forKey: .test)
        warnings = try container.decodeIfPresent([String].self, forKey: .warnings)
        changed = try container.decodeIfPresent(Bool.self, forKey: .changed)
    }

    public func encode(to encoder: any Encoder) throws {
        try service.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(provider, forKey: .provider)
        try container.encode(flavour, forKey: .flavour)
        try container.encode(manifestVersion, forKey: .manifestVersion)
        try container.encode(configVarsPrefix, forKey: .configVarsPrefix)
        try container.encode(configVars, forKey: .configVars)
        try container.encode(regions, forKey: .regions)
        try container.encode(requires, forKey: .requires)
        try container.encode(production, forKey: .production)
        try container.encode(test, forKey: .test)
        try container.encodeIfPresent(warnings, forKey: .warnings)
        try container.encodeIfPresent(changed, forKey: .changed)
    }
}
