import Foundation

/// A person or robot with an API key. Also the `GET /account` body.
public struct Account: Codable, Sendable, Equatable {
    public var id: UUID
    public var email: String
    public var role: AccountRole
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, email: String, role: AccountRole, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.email = email
        self.role = role
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var isAdmin: Bool { role == .admin }

    enum CodingKeys: String, CodingKey {
        case id, email, role
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
        try container.encode(role, forKey: .role)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
