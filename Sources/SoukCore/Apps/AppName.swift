/// App names: `^[a-z][a-z0-9-]{1,28}[a-z0-9]$`, as on Heroku; generated ones read like `brave-river-4821`.
public enum AppName {
    public static let pattern = "^[a-z][a-z0-9-]{1,28}[a-z0-9]$"

    public static func isValid(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard (3...30).contains(scalars.count), let first = scalars.first, let last = scalars.last else {
            return false
        }
        func isLower(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) }
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        return isLower(first) && (isLower(last) || isDigit(last))
            && scalars.allSatisfy { isLower($0) || isDigit($0) || $0 == "-" }
    }

    public static func validate(_ name: String) throws -> String {
        guard isValid(name) else {
            throw SoukError.invalidParams(
                "Name must start with a letter, end with a letter or digit, and contain only lowercase letters, "
                    + "digits and dashes (3 to 30 characters)."
            )
        }
        return name
    }

    public static func generate() -> String {
        let adjective = adjectives.randomElement()!
        let noun = nouns.randomElement()!
        return "\(adjective)-\(noun)-\(Int.random(in: 1000...99999))"
    }

    static let adjectives = [
        "ancient", "autumn", "billowing", "bold", "brave", "calm", "cool", "crisp", "damp", "dry", "evening",
        "falling", "fierce", "floral", "fragrant", "gentle", "glacial", "golden", "hidden", "icy", "lively",
        "misty", "morning", "nameless", "quiet", "radiant", "serene", "shy", "silent", "sparkling", "still",
        "sunny", "twilight", "vast", "warm", "wild", "young",
    ]

    static let nouns = [
        "bazaar", "breeze", "brook", "canyon", "cave", "cloud", "dawn", "desert", "dune", "field", "fire",
        "forest", "garden", "harbor", "hill", "lake", "meadow", "mesa", "moon", "oasis", "ocean", "pine",
        "plateau", "reef", "river", "sea", "shore", "sky", "spring", "star", "stream", "sun", "tree", "valley",
        "water", "wave", "wind",
    ]
}
