/// The life of an add-on service in the marketplace: `alpha` (only its provider sees and installs it),
/// `beta` and `ga` (public), `shutdown` (no new installs; existing add-ons keep working).
public enum ServiceState: String, Codable, Sendable, CaseIterable {
    case alpha
    case beta
    case ga
    case shutdown

    public var isPublic: Bool { self == .beta || self == .ga }
}
