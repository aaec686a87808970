import Foundation

/// Everything a provider learns about a new add-on; each flavour sends the part its protocol knows.
public struct ProvisionRequest: Sendable {
    public typealias OAuthGrant = SoukProviders.OAuthGrant

    /// Souk's id for the add-on, generated once and reused by every retry: providers de-duplicate on it.
    public var uuid: UUID
    /// The add-on's globally unique name.
    public var name: String
    /// The plan slug only (`basic`, not `service:basic`).
    public var plan: String
    /// `amazon-web-services::us-east-1`.
    public var region: String
    public var options: [String: String]
    public var callbackURL: String
    /// `{uuid}@{souk host}`, which v1-era providers require.
    public var herokuID: String
    public var oauthGrant: OAuthGrant?
    public var logInputURL: String?
    public var logDrainToken: String?

    public init(
        uuid: UUID,
        name: String,
        plan: String,
        region: String,
        options: [String: String] = [:],
        callbackURL: String,
        herokuID: String,
        oauthGrant: OAuthGrant? = nil,
        logInputURL: String? = nil,
        logDrainToken: String? = nil
    ) {
        self.uuid = uuid
        self.name = name
        self.plan = plan
        self.region = region
        self.options = options
        self.callbackURL = callbackURL
        self.herokuID = herokuID
        self.oauthGrant = oauthGrant
        self.logInputURL = logInputURL
        self.logDrainToken = logDrainToken
    }
}
