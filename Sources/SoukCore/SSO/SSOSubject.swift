import Foundation

/// Who signs in to which add-on, from where: everything a hand-off needs except the salt and the time.
public struct SSOSubject: Sendable, Equatable {
    /// Decides the style: a POSTed form (Heroku) or a GET link (Scalingo).
    public var flavour: ManifestFlavour
    /// The provider's `sso_url`.
    public var ssoURL: String
    /// The id the provider gave at provisioning, exactly as stored (a provider that returned `6` checks `"6"`).
    public var providerID: String
    /// The add-on's uuid, Souk's `resource_id`.
    public var addonID: UUID
    public var userID: UUID
    public var email: String
    /// The billing app's name.
    public var app: String
    /// The app the dashboard was opened from.
    public var contextApp: String
    /// The service's slug and human name, for `nav-data`.
    public var serviceSlug: String
    public var serviceName: String
    /// Passed on as they are (deep links such as `issue_no=42`); they never replace a field Souk sets.
    public var extras: [String: String]

    public init(
        flavour: ManifestFlavour, ssoURL: String, providerID: String, addonID: UUID, userID: UUID, email: String,
        app: String, contextApp: String, serviceSlug: String, serviceName: String, extras: [String: String] = [:]
    ) {
        self.flavour = flavour
        self.ssoURL = ssoURL
        self.providerID = providerID
        self.addonID = addonID
        self.userID = userID
        self.email = email
        self.app = app
        self.contextApp = contextApp
        self.serviceSlug = serviceSlug
        self.serviceName = serviceName
        self.extras = extras
    }

    public var navData: NavData {
        NavData(
            addon: serviceName, appName: contextApp,
            addons: [NavData.Entry(slug: serviceSlug, name: serviceName, current: true)]
        )
    }
}
