import Foundation

/// An add-on or attachment as a client names it in Heroku's resolve actions: an id, an add-on's name, an
/// attachment's name (`PRIMARY_DB`, as typed `primary-db`, or as its var `PRIMARY_DB_URL`, which the
/// Postgres plugin sends), or `APP::ATTACHMENT`, the Heroku CLI's form for an attachment in another app.
public struct ResolutionIdentifier: Sendable, Equatable {
    /// The id it may be (of an add-on or an attachment).
    public var id: UUID?
    /// The add-on name it may be; `nil` for `APP::ATTACHMENT`.
    public var addonName: String?
    /// `APP` of `APP::ATTACHMENT`.
    public var qualifyingApp: String?
    /// The attachment name as given: an exact match ranks before a normalised one.
    public var attachmentName: String
    /// Every attachment name it may stand for, the exact one first.
    public var attachmentNames: [String]

    public init(_ raw: String) {
        if let separator = raw.range(of: "::"), separator.lowerBound != raw.startIndex,
            separator.upperBound != raw.endIndex
        {
            qualifyingApp = String(raw[..<separator.lowerBound])
            attachmentName = String(raw[separator.upperBound...])
            addonName = nil
            id = nil
        } else {
            qualifyingApp = nil
            attachmentName = raw
            addonName = raw
            id = UUID(uuidString: raw)
        }
        attachmentNames = Self.names(for: attachmentName)
    }

    /// Attachment names are stored upper-cased with `_` for `-`; a var name adds a `_URL` suffix.
    static func names(for name: String) -> [String] {
        let normalised = name.uppercased().replacingOccurrences(of: "-", with: "_")
        var names = [name, normalised]
        if normalised.hasSuffix("_URL"), normalised.count > 4 {
            names.append(String(normalised.dropLast(4)))
        }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
