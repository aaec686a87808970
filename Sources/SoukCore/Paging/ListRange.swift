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
    ///
    /// Parsed as leniently as Heroku's API parses it, because real clients send odd shapes: heroku3 sends
    /// `id ..; ;` and `id ..; order=desc,max=10;`. Empty options, trailing `;` and `,`, spaces anywhere
    /// between the parts, and `max`/`order` in either order are all fine. Anything else is a 400 that
    /// names what this list accepts.
    public init(header: String?, fields: [String], isDescendingByDefault: Bool = false) throws {
        self.init(field: fields[0], isDescending: isDescendingByDefault)
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return }
        func invalid(_ reason: String) -> SoukError {
            .badRequest(
                "Invalid Range header: it \(reason). This list accepts"
                    + " `Range: <field> [[]start]..[end][; max=<1-\(Self.largestMax)>, order=asc|desc]`"
                    + " with the field \(fields.joined(separator: ", ")); for example `\(fields[0]) ..; max=100`."
            )
        }
        guard header.utf8.count <= 1024 else { throw invalid("is too long") }

        let parts = header.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        let rangePart = parts[0].trimmingCharacters(in: .whitespaces)
        let fieldEnd =
            rangePart.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "]" || $0 == "." }) ?? rangePart.endIndex
        let field = String(rangePart[..<fieldEnd])
        guard fields.contains(field) else {
            throw invalid(field.isEmpty ? "names no field" : "sorts by \"\(field.prefix(40))\", which this list can't")
        }
        self.field = field

        let bounds = rangePart[fieldEnd...].trimmingCharacters(in: .whitespaces)
        if !bounds.isEmpty {
            guard let dots = bounds.range(of: "..") else { throw invalid("needs a `..` between its bounds") }
            var lower = bounds[..<dots.lowerBound].trimmingCharacters(in: .whitespaces)[...]
            if lower.hasPrefix("]") {
                startIsExclusive = true
                lower = lower.dropFirst()
            }
            let upper = bounds[dots.upperBound...].trimmingCharacters(in: .whitespaces)
            start = lower.isEmpty ? nil : String(lower)
            end = upper.isEmpty ? nil : String(upper)
        }

        guard parts.count == 2 else { return }
        for option in parts[1].split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let trimmed = option.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let pair = trimmed.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[1].isEmpty else {
                throw invalid("has an option without a value (\"\(trimmed.prefix(40))\")")
            }
            switch pair[0] {
            case "max":
                guard let value = Int(pair[1]), value > 0 else { throw invalid("needs a positive whole max") }
                max = min(value, Self.largestMax)
            case "order":
                guard pair[1] == "asc" || pair[1] == "desc" else { throw invalid("orders by asc or desc only") }
                isDescending = pair[1] == "desc"
            default:
                throw invalid("has an unknown option \"\(pair[0].prefix(40))\" (only max and order are known)")
            }
        }
    }

    /// The `Next-Range` header that resumes after `lastValue`.
    public func next(after lastValue: String) -> String {
        "\(field) ]\(lastValue)..; max=\(max), order=\(isDescending ? "desc" : "asc")"
    }
}
