import Foundation

/// The Heroku `Range` header that pages every list: `name ..; max=200`, `version ]12..; order=desc`.
/// `]` makes the start exclusive, which is how `Next-Range` resumes after the last row sent.
public struct ListRange: Sendable, Equatable {
    public var field: String
    public var start: String?
    public var startIsExclusive: Bool
    public var end: String?
    public var max: Int
    public var isDescending: Bool

    public static let defaultMax = 200
    public static let largestMax = 1000

    public init(
        field: String, start: String? = nil, startIsExclusive: Bool = false, end: String? = nil,
        max: Int = ListRange.defaultMax, isDescending: Bool = false
    ) {
        self.field = field
        self.start = start
        self.startIsExclusive = startIsExclusive
        self.end = end
        self.max = max
        self.isDescending = isDescending
    }

    /// Parses a `Range` header. `fields` lists the sort keys the endpoint supports, first the default.
    public init(header: String?, fields: [String], isDescendingByDefault: Bool = false) throws {
        self.init(field: fields[0], isDescending: isDescendingByDefault)
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return }
        guard header.utf8.count <= 1024 else { throw Self.invalid("is too long") }

        let parts = header.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        let rangePart = parts[0].trimmingCharacters(in: .whitespaces)
        let fieldEnd = rangePart.firstIndex(of: " ") ?? rangePart.endIndex
        let field = String(rangePart[..<fieldEnd])
        guard fields.contains(field) else {
            throw Self.invalid("sorts by \"\(field.prefix(40))\"; this list sorts by \(fields.joined(separator: " or "))")
        }
        self.field = field

        let bounds = rangePart[fieldEnd...].trimmingCharacters(in: .whitespaces)
        if !bounds.isEmpty {
            guard let dots = bounds.range(of: "..") else { throw Self.invalid("needs a `..` between its bounds") }
            var lower = Substring(bounds[..<dots.lowerBound])
            if lower.hasPrefix("]") {
                startIsExclusive = true
                lower = lower.dropFirst()
            }
            let upper = bounds[dots.upperBound...]
            start = lower.isEmpty ? nil : String(lower)
            end = upper.isEmpty ? nil : String(upper)
        }

        if parts.count == 2 {
            for option in parts[1].split(whereSeparator: { $0 == "," || $0 == ";" }) {
                let pair = option.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { throw Self.invalid("has an option without a value") }
                switch pair[0] {
                case "max":
                    guard let value = Int(pair[1]), value > 0 else { throw Self.invalid("needs a positive max") }
                    max = min(value, Self.largestMax)
                case "order":
                    guard pair[1] == "asc" || pair[1] == "desc" else {
                        throw Self.invalid("orders by asc or desc")
                    }
                    isDescending = pair[1] == "desc"
                default:
                    throw Self.invalid("has an unknown option \"\(pair[0].prefix(40))\"")
                }
            }
        }
    }

    /// The `Next-Range` header that resumes after `lastValue`.
    public func next(after lastValue: String) -> String {
        "\(field) ]\(lastValue)..; max=\(max), order=\(isDescending ? "desc" : "asc")"
    }

    private static func invalid(_ reason: String) -> SoukError {
        .badRequest("Invalid Range header: it \(reason).")
    }
}
