import Foundation
import Hummingbird
import NIOCore
import SoukCore

/// An `application/x-www-form-urlencoded` body, as the dashboard's forms post it: the first value of each name.
struct FormBody: Sendable {
    var fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    /// The trimmed value, or a clear error naming the field.
    func require(_ name: String, label: String? = nil) throws -> String {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            throw SoukError.invalidParams("\(label ?? name.replacingOccurrences(of: "_", with: " ")) is required.")
        }
        return value
    }

    /// The trimmed value, nil when absent or blank.
    func optional(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    init(fields: [String: String]) {
        self.fields = fields
    }

    /// Parses the body; malformed percent-encoding is a 400.
    init(_ buffer: ByteBuffer) throws {
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw SoukError.badRequest("The form could not be read.")
            }
            if fields[name] == nil { fields[name] = value }
        }
        self.fields = fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
