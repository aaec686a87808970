import Foundation

/// A webhook of an app (its members manage it) or of an add-on (its provider manages it), in Heroku's shape.
/// The secret and the authorization are never shown.
public struct Webhook: Encodable, Sendable, Equatable {
    /// `notify`: one attempt. `sync`: retried with backoff until it succeeds or a week has passed.
    public enum Level: String, Codable, Sendable {
        case notify
        case sync
    }

    /// The event kinds a webhook may include.
    public static let kinds = ["api:addon", "api:addon-attachment", "api:app", "api:collaborator", "api:release"]

    public var id: UUID
    public var appID: UUID?
    public var addonID: UUID?
    public var include: [String]
    public var level: Level
    public var url: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, appID: UUID?, addonID: UUID?, include: [String], level: Level, url: String, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.appID = appID
        self.addonID = addonID
        self.include = include
        self.level = level
        self.url = url
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, include, level, url, app, addon
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        if let appID { try container.encode(["id": appID.lowercasedString], forKey: .app) }
        if let addonID { try container.encode(["id": addonID.lowercasedString], forKey: .addon) }
        try container.encode(include, forKey: .include)
        try container.encode(level, forKey: .level)
        try container.encode(url, forKey: .url)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
