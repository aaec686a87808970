import Foundation

/// A `{release_id_or_version}` path segment or rollback target: a UUID, `12`, or `v12`.
public enum ReleaseIdentifier: Sendable, Equatable {
    case id(UUID)
    case version(Int)

    public init?(_ raw: String) {
        if let id = UUID(uuidString: raw) {
            self = .id(id)
        } else if let version = Int(raw.hasPrefix("v") ? String(raw.dropFirst()) : raw), version > 0 {
            self = .version(version)
        } else {
            return nil
        }
    }

    public var lookupKeys: (id: UUID?, version: Int?) {
        switch self {
        case .id(let id): (id, nil)
        case .version(let version): (nil, version)
        }
    }
}
