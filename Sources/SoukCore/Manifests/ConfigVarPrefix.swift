/// The service prefix `P` of a manifest's config vars: `api.config_vars_prefix`, else the slug upper-cased
/// with `-` → `_` (`fast-db` → `FAST_DB`). Attachments swap it for their own name.
public enum ConfigVarPrefix {
    public static func derived(fromSlug slug: String) -> String {
        String(slug.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    /// `^[A-Z][A-Z0-9_]*$`, at most 255 characters.
    public static func isValid(_ prefix: String) -> Bool {
        let scalars = Array(prefix.unicodeScalars)
        guard scalars.count <= ManifestChecks.maximumStringLength, let first = scalars.first else { return false }
        return ManifestChecks.isUpper(first)
            && scalars.allSatisfy { ManifestChecks.isUpper($0) || ManifestChecks.isDigit($0) || $0 == "_" }
    }

    /// Whether `name` starts with `<prefix>_`.
    public static func name(_ name: String, hasPrefix prefix: String) -> Bool {
        name.hasPrefix(prefix + "_")
    }
}
