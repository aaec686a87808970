import Foundation

/// A numbered state of an app's environment, in the Heroku Platform API v3 shape.
public struct Release: Codable, Sendable, Equatable {
    public var id: UUID
    public var app: AppReference
    public var version: Int
    public var description: String
    public var user: AccountReference?
    public var isCurrent: Bool
    public var createdAt: Date

    public init(
        id: UUID, app: AppReference, version: Int, description: String, user: AccountReference?,
        isCurrent: Bool, createdAt: Date
    ) {
        self.id = id
        self.app = app
        self.version = version
        self.description = description
        self.user = user
        self.isCurrent = isCurrent
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, app, version, description, user, status, slug, artifacts
        case isCurrent = "current"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case addonPlanNames = "addon_plan_names"
        case eligibleForRollback = "eligible_for_rollback"
        case outputStreamURL = "output_stream_url"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        app = try container.decode(AppReference.self, forKey: .app)
        version = try container.decode(Int.self, forKey: .version)
        description = try container.decode(String.self, forKey: .description)
        user = try container.decodeIfPresent(AccountReference.self, forKey: .user)
        isCurrent = try container.decodeIfPresent(Bool.self, forKey: .isCurrent) ?? false
        createdAt = try container.decode(Date.self, forKey: .createdAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(app, forKey: .app)
        try container.encode(version, forKey: .version)
        try container.encode(description, forKey: .description)
        try container.encode(user, forKey: .user)
        try container.encode(isCurrent, forKey: .isCurrent)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(createdAt, forKey: .updatedAt)
        try container.encode("succeeded", forKey: .status)
        try container.encode(true, forKey: .eligibleForRollback)
        try container.encode([String](), forKey: .addonPlanNames)
        try container.encode([String](), forKey: .artifacts)
        try container.encodeNil(forKey: .slug)
        try container.encodeNil(forKey: .outputStreamURL)
    }
}
