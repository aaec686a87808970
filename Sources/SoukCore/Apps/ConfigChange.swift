/// One edit of an app's environment: the rule for merging a PATCH, shared by every writer
/// (customers now, add-ons later). `nil` values remove keys; a change that changes nothing is empty.
public struct ConfigChange: Sendable, Equatable {
    public var assigned: [String: String]
    public var removed: Set<String>

    public init(assigned: [String: String] = [:], removed: Set<String> = []) {
        self.assigned = assigned
        self.removed = removed
    }

    /// Validates a `PATCH /config-vars` body: every name well formed, and a bounded size.
    public init(patch: [String: String?]) throws {
        guard patch.count <= Self.maximumKeys else {
            throw SoukError.invalidParams("A config change may touch at most \(Self.maximumKeys) vars.")
        }
        if let bad = patch.keys.sorted().first(where: { !ConfigVarName.isValid($0) }) {
            throw SoukError.invalidParams(
                "Config var name \"\(bad.prefix(64))\" is invalid: it must match ^[A-Za-z_][A-Za-z0-9_]*$."
            )
        }
        if let big = patch.first(where: { ($0.value?.utf8.count ?? 0) > Self.maximumValueBytes }) {
            throw SoukError.invalidParams("Config var \(big.key) is longer than \(Self.maximumValueBytes) bytes.")
        }
        self.assigned = patch.compactMapValues { $0 }
        self.removed = Set(patch.filter { $0.value == nil }.keys)
    }

    public static let maximumKeys = 1000
    public static let maximumValueBytes = 64 * 1024

    /// What this change actually does to `current`: keys set to their present value and
    /// removals of absent keys drop out.
    public func effective(on current: [String: String]) -> ConfigChange {
        ConfigChange(
            assigned: assigned.filter { current[$0.key] != $0.value },
            removed: removed.filter { current[$0] != nil }
        )
    }

    public var isEmpty: Bool { assigned.isEmpty && removed.isEmpty }

    public func applied(to current: [String: String]) -> [String: String] {
        var result = current
        for name in removed { result[name] = nil }
        for (name, value) in assigned { result[name] = value }
        return result
    }

    /// Heroku's wording: `Set FOO, BAR config vars`, `Remove BAZ config vars`, or both joined.
    public var releaseDescription: String {
        let setNames = assigned.keys.sorted().joined(separator: ", ")
        let removedNames = removed.sorted().joined(separator: ", ")
        switch (setNames.isEmpty, removedNames.isEmpty) {
        case (false, true): return "Set \(setNames) config vars"
        case (true, false): return "Remove \(removedNames) config vars"
        case (false, false): return "Set \(setNames) and remove \(removedNames) config vars"
        case (true, true): return "No config change"
        }
    }
}
