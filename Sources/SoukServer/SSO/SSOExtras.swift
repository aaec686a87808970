import Foundation
import SoukCore

/// The query parameters of an SSO request, passed on to the provider as deep links (`?issue_no=42`). Parsed
/// here rather than through `uri.queryParameters`, which leaves names percent-encoded and `+` as it is.
enum SSOExtras {
    static let maxCount = 20
    static let maxLength = 200

    /// Names and values decoded as a form would encode them; the first of repeated names wins.
    static func parse(query: String?) throws -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var extras: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0])
            let value = try parts.count > 1 ? decode(parts[1]) : ""
            guard !name.isEmpty else { continue }
            guard name.count <= maxLength, value.count <= maxLength else {
                throw SoukError.invalidParams("Query parameters may hold at most \(maxLength) characters.")
            }
            if extras[name] == nil { extras[name] = value }
            guard extras.count <= maxCount else {
                throw SoukError.invalidParams("At most \(maxCount) query parameters are passed on to the provider.")
            }
        }
        return extras
    }

    static func decode(_ component: Substring) throws -> String {
        guard let decoded = component.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw SoukError.badRequest("The query string has invalid percent-encoding.")
        }
        return decoded
    }
}
