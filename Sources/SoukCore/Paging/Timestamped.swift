import Foundation

/// A resource with an id and the two timestamps every Heroku resource has, so that its lists also page by
/// `id`, `created_at` and `updated_at`.
public protocol Timestamped: Sendable {
    var id: UUID { get }
    var createdAt: Date { get }
    var updatedAt: Date { get }
}

extension Addon: Timestamped {}
extension Attachment: Timestamped {}
extension Collaborator: Timestamped {}
extension Plan: Timestamped {}

extension ListRange {
    /// The sort keys every list of `Timestamped` resources accepts besides its own (name, email…).
    public static let timestampedFields = ["id", "created_at", "updated_at"]

    /// `item`'s value under this range's field; `own` gives it for the list's own keys. Timestamps sort as
    /// ISO 8601 with milliseconds followed by the id, so that equal times still page in a stable order.
    public func sortValue<Item: Timestamped>(of item: Item, own: (Item) -> String) -> String {
        switch field {
        case "id": item.id.lowercasedString
        case "created_at": Self.timestampKey(item.createdAt, id: item.id)
        case "updated_at": Self.timestampKey(item.updatedAt, id: item.id)
        default: own(item)
        }
    }

    static func timestampKey(_ date: Date, id: UUID) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)) + "/"
            + id.lowercasedString
    }
}

extension Page where Element: Timestamped {
    /// Pages a short list fetched whole by the range's field: one of the list's own keys (`own`), or `id`,
    /// `created_at`, `updated_at`.
    public init(all: [Element], range: ListRange, own: (Element) -> String) {
        // `sortValue:` spelled out: a trailing closure would pick this very initialiser again, forever.
        self.init(all: all, range: range, sortValue: { range.sortValue(of: $0, own: own) })
    }
}
