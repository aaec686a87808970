import Foundation

/// How an add-on's config reaches an app: only names the manifest declares, only string values, and
/// each name moved under the attachment's prefix (`EXAMPLE_URL` → `PRIMARY_DB_URL` for `PRIMARY_DB`).
/// A declared name without the service prefix (Scalingo allows that) keeps its name under the default
/// attachment and is prefixed under the others. The one rule for provision, plan change, partner
/// updates and attachments alike.
public struct ConfigVarMapping: Sendable, Equatable {
    /// The service's prefix, `P`; also the default attachment name.
    public var prefix: String
    public var declared: Set<String>

    public init(prefix: String, declared: some Sequence<String>) {
        self.prefix = prefix
        self.declared = Set(declared)
    }

    /// What a provider sent, kept to declared names with string values; the rest become warnings.
    public func accept(_ config: [String: JSONValue]) -> (config: [String: String], warnings: [String]) {
        var accepted: [String: String] = [:]
        var warnings: [String] = []
        for (name, value) in config.sorted(by: { $0.key < $1.key }) {
            guard declared.contains(name) else {
                warnings.append("dropped \(name.prefix(64)): the manifest does not declare it")
                continue
            }
            guard case .string(let string) = value else {
                warnings.append("dropped \(name): its value is not a string")
                continue
            }
            accepted[name] = string
        }
        return (accepted, warnings)
    }

    /// The name a provider's var has in an app under the attachment `attachment`.
    public func exposedName(of name: String, attachment: String) -> String {
        let ownPrefix = prefix + "_"
        if name.hasPrefix(ownPrefix) {
            return attachment + "_" + name.dropFirst(ownPrefix.count)
        }
        return attachment == prefix ? name : attachment + "_" + name
    }

    /// The vars an attachment puts into its app.
    public func exposed(_ config: [String: String], attachment: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: config.map { (exposedName(of: $0.key, attachment: attachment), $0.value) })
    }

    /// The names an attachment may put into its app, whatever the provider has sent so far.
    public func exposedNames(attachment: String) -> Set<String> {
        Set(declared.map { exposedName(of: $0, attachment: attachment) })
    }
}
