import Hummingbird
import SoukCore

/// `page` and `per_page` of a Scalingo partner listing, read strictly: a whole number within bounds, or a
/// 400. Bounding them here keeps every client integer out of the offset arithmetic (issue #10: an unbounded
/// `page` once overflowed `(page - 1) * perPage` and trapped the process).
struct PageQuery: Sendable, Equatable {
    static let pages = 1...1_000_000
    static let perPages = 1...100
    static let defaultPerPage = 20

    var page: Int
    var perPage: Int

    init(page: Int = 1, perPage: Int = Self.defaultPerPage) {
        self.page = page
        self.perPage = perPage
    }

    /// The parameters of `query`; absent ones take their defaults.
    init(query: Parameters) throws {
        page = try Self.read("page", query.get("page"), within: Self.pages) ?? 1
        perPage = try Self.read("per_page", query.get("per_page"), within: Self.perPages) ?? Self.defaultPerPage
    }

    /// Plain ASCII digits only (no sign, space or exponent), so that the error names the one rule.
    static func read(_ name: String, _ raw: String?, within bounds: ClosedRange<Int>) throws -> Int? {
        guard let raw else { return nil }
        guard (1...7).contains(raw.utf8.count), raw.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let value = Int(raw), bounds.contains(value)
        else {
            throw SoukError.badRequest(
                "\(name) must be a whole number from \(bounds.lowerBound) to \(bounds.upperBound)."
            )
        }
        return value
    }

    /// The last page for `total` items, at least 1; `total` comes from the database, not the client.
    func pageCount(total: Int) -> Int {
        max(1, total / perPage + (total % perPage == 0 ? 0 : 1))
    }
}
