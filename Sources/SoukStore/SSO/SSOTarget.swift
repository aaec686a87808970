import Foundation
import SoukCore

/// What a single sign-on hand-off needs about one add-on, as one viewer may open it: found only when the
/// viewer is an owner or collaborator of an app the add-on is attached to.
public struct SSOTarget: Sendable {
    public var addonID: UUID
    public var addonName: String
    public var state: AddonState
    /// `nil` until the provider has answered the provision.
    public var providerID: String?
    public var billingAppName: String
    /// The app the dashboard is opened from: the one asked for, or else the billing app when the viewer is a
    /// member of it, or else the first attached app the viewer is a member of.
    public var contextAppID: UUID
    public var contextAppName: String
    public var serviceSlug: String
    public var serviceName: String
    public var flavour: ManifestFlavour
    /// `nil` when the manifest gave none.
    public var ssoURL: String?
    /// Opened: handle with care, never log.
    public var salt: String
}
