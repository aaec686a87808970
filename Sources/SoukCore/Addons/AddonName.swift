/// Add-on names: `^[a-zA-Z][A-Za-z0-9_-]+$`, at most 64 characters, unique on the platform;
/// generated ones read like Heroku's `postgresql-deep-6913`: `<service>-<word>-<digits>`.
public enum AddonName {
    public static func validate(_ name: String) throws -> String {
        let scalars = Array(name.unicodeScalars)
        func isLetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
        guard scalars.count >= 2, scalars.count <= 64, let first = scalars.first, isLetter(first),
            scalars.allSatisfy({ isLetter($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" })
        else {
            throw SoukError.invalidParams(
                "Add-on name must start with a letter and contain only letters, digits, '_' and '-'"
                    + " (2 to 64 characters)."
            )
        }
        return name
    }

    public static func generate(service: String) -> String {
        let word = words.randomElement()!
        return "\(service.prefix(40))-\(word)-\(Int.random(in: 1000...99999))"
    }

    static let words = [
        "amber", "angular", "animate", "aqueous", "brave", "clear", "cubic", "curved", "deep", "defined", "dimensional",
        "elliptical", "encircled", "flat", "fluffy", "graceful", "horizontal", "infinite", "lucid", "metric", "opaque",
        "parallel", "perpendicular", "polished", "regular", "rigid", "round", "shallow", "silent", "solid", "spherical",
        "symmetrical", "tetrahedral", "transparent", "triangular", "vertical",
    ]
}
