import Foundation

/// Attachment names, the prefix of an add-on's vars in an app: upper-cased, `-` → `_`, then
/// `^[A-Z][A-Z0-9_]*$`, at most 64 characters.
public enum AttachmentName {
    public static func normalise(_ name: String) throws -> String {
        let normalised = name.uppercased().replacingOccurrences(of: "-", with: "_")
        let scalars = Array(normalised.unicodeScalars)
        guard let first = scalars.first, ("A"..."Z").contains(first), scalars.count <= 64,
            scalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else {
            throw SoukError.invalidParams(
                "Attachment name must start with a letter and contain only letters, digits, '_' and '-'."
            )
        }
        return normalised
    }
}
