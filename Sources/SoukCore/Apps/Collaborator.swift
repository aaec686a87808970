import Foundation

/// Someone with access to an app, in the Heroku Platform API v3 shape. The owner is listed too.
public struct Collaborator: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable {
        case owner
        case collaborator
    }

    public var id: UUID
    public var app: AppReference
    public var user: AccountReference
    public var role: Role
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, app: AppReference, user: AccountReference, role: Role, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.app = app
        self.user = user
        self.role = role
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, app, user, role, permissions
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        app = try container.decode(AppReference.self, forKey: .app)
        user = try container.decode(AccountReference.self, forKey: .user)
        role = try container.decode(Role.self, forKey: .role)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(app, forKey: .app)
        try container.encode(user, forKey: .user)
        try container.encode(role, forKey: .role)
        try container.encode([String](), forKey: .permissions)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
