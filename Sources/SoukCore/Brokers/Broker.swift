import Foundation

/// A registered Open Service Broker, as its provider sees it. The password is never shown.
public struct Broker: Codable, Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var url: String
    public var username: String
    /// The add-on services read from its catalog.
    public var services: [AddonService.Reference]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, name: String, url: String, username: String, services: [AddonService.Reference], createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.url = url
        self.username = username
        self.services = services
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, url, username, services
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
