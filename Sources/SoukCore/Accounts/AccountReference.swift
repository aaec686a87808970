import Foundation

/// The `{id, email}` pair by which Heroku's wire format points at a user.
public struct AccountReference: Codable, Sendable, Equatable {
    public var id: UUID
    public var email: String

    public init(id: UUID, email: String) {
        self.id = id
        self.email = email
    }

    enum CodingKeys: String, CodingKey { case id, email }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
    }
}
