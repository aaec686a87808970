import Foundation

/// An app's environment as the platform keeps it: each var's value, and for vars an add-on put
/// there, the attachment that owns it.
public struct AppConfig: Sendable, Equatable {
    public var values: [String: String]
    public var owners: [String: UUID]

    public init(values: [String: String] = [:], owners: [String: UUID] = [:]) {
        self.values = values
        self.owners = owners
    }

    /// Names in `names` that the app already has and that belong to the user or to another attachment
    /// than `attachment`: overwriting them needs the customer's confirmation.
    public func collisions(with names: some Sequence<String>, attachment: UUID?) -> [String] {
        names.filter { values[$0] != nil && (owners[$0] == nil || owners[$0] != attachment) }.sorted()
    }

    /// The vars `attachment` owns.
    public func names(ownedBy attachment: UUID) -> Set<String> {
        Set(owners.filter { $0.value == attachment }.keys)
    }
}
