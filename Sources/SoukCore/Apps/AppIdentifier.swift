import Foundation

/// An `{app_id_or_name}` path segment. Names can never parse as UUIDs (they are at most 30 characters).
public enum AppIdentifier: Sendable, Hashable {
    case id(UUID)
    case name(String)

    public init(_ raw: String) {
        if let id = UUID(uuidString: raw) {
            self = .id(id)
        } else {
            self = .name(raw)
        }
    }

    /// The two nullable lookup keys a query binds, so that one SQL text serves both forms.
    public var lookupKeys: (id: UUID?, name: String?) {
        switch self {
        case .id(let id): (id, nil)
        case .name(let name): (nil, name)
        }
    }
}
