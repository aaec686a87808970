import Foundation

/// A provider calling the partner API: the service it authenticated as, and when it used an OAuth
/// token, the one add-on that token is for.
public struct ProviderIdentity: Sendable, Equatable {
    public var serviceID: UUID
    public var slug: String
    public var flavour: ManifestFlavour
    public var addonID: UUID?

    public init(serviceID: UUID, slug: String, flavour: ManifestFlavour, addonID: UUID? = nil) {
        self.serviceID = serviceID
        self.slug = slug
        self.flavour = flavour
        self.addonID = addonID
    }

    /// Whether this identity may act on the add-on `id` of service `service`.
    public func mayAccess(addon id: UUID, service: UUID) -> Bool {
        service == serviceID && (addonID == nil || addonID == id)
    }
}
