import Foundation

/// An app, in the Heroku Platform API v3 shape (the fields that mean something on Souk).
public struct App: Codable, Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var owner: AccountReference
    public var region: Region.Reference
    public var releasedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, name: String, owner: AccountReference, region: Region, releasedAt: Date?, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.owner = owner
        self.region = region.reference
        self.releasedAt = releasedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: AppReference { AppReference(id: id, name: name) }

    enum CodingKeys: String, CodingKey {
        case id, name, owner, region, maintenance, organization, team, space
        case releasedAt = "released_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        owner = try container.decode(AccountReference.self, forKey: .owner)
        region = try container.decode(Region.Reference.self, forKey: .region)
        releasedAt = try container.decodeIfPresent(Date.self, forKey: .releasedAt)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }

    /// Heroku clients expect the keys Souk has no use for to be present, as `null` or `false`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(owner, forKey: .owner)
        try container.encode(region, forKey: .region)
        try container.encode(releasedAt, forKey: .releasedAt)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(false, forKey: .maintenance)
        try container.encodeNil(forKey: .organization)
        try container.encodeNil(forKey: .team)
        try container.encodeNil(forKey: .space)
    }
}
