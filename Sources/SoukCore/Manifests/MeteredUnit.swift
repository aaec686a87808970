/// What a metered plan counts (`request`, `gb_hour`): the name usage reports give as `unit.name`.
public enum MeteredUnit {
    public static let rule = "must be 1 to 32 lowercase letters, digits or underscores, starting with a letter"

    public static func isValid(_ unit: String) -> Bool {
        guard let first = unit.unicodeScalars.first, ("a"..."z").contains(first), unit.unicodeScalars.count <= 32
        else { return false }
        return unit != "month"
            && unit.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
