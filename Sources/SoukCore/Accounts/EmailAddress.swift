import Foundation

/// The deliberately loose check Souk applies to account emails: one `@`, something on each side,
/// no spaces or control characters, at most 254 characters.
public enum EmailAddress {
    public static func validate(_ email: String) throws -> String {
        let trimmed = email.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        let wellFormed =
            parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && trimmed.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F }
        guard wellFormed, trimmed.utf8.count <= 254 else {
            throw SoukError.invalidParams("Email must be a valid email address.")
        }
        return trimmed
    }
}
