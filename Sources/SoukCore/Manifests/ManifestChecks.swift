/// The shapes and limits every manifest shares, whatever its flavour.
public enum ManifestChecks {
    public static let maximumStringLength = 255
    public static let maximumDescriptionLength = 10_000
    public static let maximumConfigVars = 100
    public static let maximumPlans = 50
    public static let maximumRegions = 20
    public static let maximumPlanOptions = 50
    public static let slugLengths = 2...50
    public static let maximumPlanNameLength = 50
    /// A million a month, in cents: beyond any real plan, well within `Int`.
    public static let maximumPriceCents = 100_000_000

    static let slugRule =
        "2 to 50 lowercase letters, digits and dashes, starting with a letter and ending with a letter or digit"
    static let planNameRule = "up to 50 lowercase letters, digits, dashes and underscores, not starting with - or _"

    /// Service slugs: `^[a-z][a-z0-9-]*[a-z0-9]$`, 2 to 50 characters (`heroku-postgresql`).
    public static func isValidSlug(_ slug: String) -> Bool {
        let scalars = Array(slug.unicodeScalars)
        guard slugLengths.contains(scalars.count), let first = scalars.first, let last = scalars.last else {
            return false
        }
        return isLower(first) && (isLower(last) || isDigit(last))
            && scalars.allSatisfy { isLower($0) || isDigit($0) || $0 == "-" }
    }

    /// Plan names: `^[a-z0-9][a-z0-9_-]*$`, at most 50 characters (`basic`, `premium-0`).
    public static func isValidPlanName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard scalars.count <= maximumPlanNameLength, let first = scalars.first else { return false }
        return (isLower(first) || isDigit(first))
            && scalars.allSatisfy { isLower($0) || isDigit($0) || $0 == "-" || $0 == "_" }
    }

    /// kensa's ENV key rule: `^[A-Z][0-9A-Z_]+$`, so at least two characters.
    public static func isValidConfigVarName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard scalars.count >= 2, scalars.count <= maximumStringLength, let first = scalars.first else {
            return false
        }
        return isUpper(first) && scalars.allSatisfy { isUpper($0) || isDigit($0) || $0 == "_" }
    }

    /// Scalingo's slug for a manifest without `id`: lower-cased, every run of characters other than a–z and
    /// 0–9 made one `-`, trimmed of `-` (`Example Addon` → `example-addon`). It may still be invalid (`42`).
    public static func derivedSlug(fromName name: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if isLower(scalar) || isDigit(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        if slug.last == "-" { slug.removeLast() }
        return slug
    }

    static func isLower(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) }

    static func isUpper(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
