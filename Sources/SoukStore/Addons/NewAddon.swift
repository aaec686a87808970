import Foundation
import SoukCore

/// What a customer asked for, checked and resolved, ready to be recorded before the provider is called.
public struct NewAddon: Sendable {
    public var id: UUID
    public var name: String
    public var serviceID: UUID
    public var serviceSlug: String
    public var planID: UUID
    public var app: AppReference
    public var createdBy: UUID
    public var options: [String: String]
    public var attachmentName: String
    /// The customer confirmed overwriting existing vars (`confirm` = the app's name).
    public var confirmed: Bool
    public var supportsMultipleInstallations: Bool
    public var mapping: ConfigVarMapping
    /// The OAuth grant the provision call will carry (Heroku flavour), recorded with the add-on: the digest of
    /// its code, never the code.
    public var grant: (digest: [UInt8], expiresAt: Date)?

    public init(
        id: UUID, name: String, serviceID: UUID, serviceSlug: String, planID: UUID, app: AppReference,
        createdBy: UUID, options: [String: String], attachmentName: String, confirmed: Bool,
        supportsMultipleInstallations: Bool, mapping: ConfigVarMapping
    ) {
        self.id = id
        self.name = name
        self.serviceID = serviceID
        self.serviceSlug = serviceSlug
        self.planID = planID
        self.app = app
        self.createdBy = createdBy
        self.options = options
        self.attachmentName = attachmentName
        self.confirmed = confirmed
        self.supportsMultipleInstallations = supportsMultipleInstallations
        self.mapping = mapping
    }
}
