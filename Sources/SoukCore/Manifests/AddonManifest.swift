/// A validated manifest of either flavour, normalised into the one model Souk keeps.
public struct AddonManifest: Sendable, Equatable {
    public struct Endpoints: Sendable, Equatable {
        public var baseURL: String
        public var ssoURL: String?

        public init(baseURL: String, ssoURL: String?) {
            self.baseURL = baseURL
            self.ssoURL = ssoURL
        }
    }

    public var flavour: ManifestFlavour
    /// The immutable slug: `id` (Heroku), or `id` / the derived name (Scalingo).
    public var slug: String
    public var name: String
    public var shortDescription: String?
    public var description: String?
    public var logoURL: String?
    /// The user of the Basic auth Souk sends: the slug (Heroku) or `username` (Scalingo).
    public var apiUsername: String
    public var password: String
    public var ssoSalt: String
    /// `api.config_vars_prefix`, else the slug upper-cased with `-` → `_`.
    public var configVarsPrefix: String
    public var configVars: [String]
    public var regions: [String]
    /// A subset of `log_input`, `syslog_drain`, `attachable`, `many_per_app`.
    public var requires: [String]
    public var logDrain: Bool
    public var production: Endpoints
    public var test: Endpoints?
    /// Plans the manifest carries; Heroku manifests may carry none.
    public var plans: [PlanDefinition]

    public init(
        flavour: ManifestFlavour, slug: String, name: String, shortDescription: String? = nil,
        description: String? = nil, logoURL: String? = nil, apiUsername: String, password: String, ssoSalt: String,
        configVarsPrefix: String, configVars: [String], regions: [String], requires: [String], logDrain: Bool,
        production: Endpoints, test: Endpoints?, plans: [PlanDefinition]
    ) {
        self.flavour = flavour
        self.slug = slug
        self.name = name
        self.shortDescription = shortDescription
        self.description = description
        self.logoURL = logoURL
        self.apiUsername = apiUsername
        self.password = password
        self.ssoSalt = ssoSalt
        self.configVarsPrefix = configVarsPrefix
        self.configVars = configVars
        self.regions = regions
        self.requires = requires
        self.logDrain = logDrain
        self.production = production
        self.test = test
        self.plans = plans
    }

    public var supportsSharing: Bool { requires.contains("attachable") }
    public var supportsMultipleInstallations: Bool { requires.contains("many_per_app") }
}
