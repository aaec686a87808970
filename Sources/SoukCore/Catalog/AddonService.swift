import Foundation

/// A catalog entry, in the Heroku Platform API v3 shape.
public struct AddonService: Codable, Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var humanName: String
    public var state: ServiceState
    public var supportsMultipleInstallations: Bool
    public var supportsSharing: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, name: String, humanName: String, state: ServiceState, supportsMultipleInstallations: Bool,
        supportsSharing: Bool, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.humanName = humanName
        self.state = state
        self.supportsMultipleInstallations = supportsMultipleInstallations
        self.supportsSharing = supportsSharing
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: Reference { Reference(id: id, name: name) }

    /// How plans and add-ons point at their service.
    public typealias Reference = NamedReference

    enum CodingKeys: String, CodingKey {
        case id, name, state
        case humanName = "human_name"
        case supportsMultipleInstallations = "supports_multiple_installations"
        case supportsSharing = "supports_sharing"
        case cliPluginName = "cli_plugin_name"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        humanName = try container.decode(String.self, forKey: .humanName)
        state = try container.decode(ServiceState.self, forKey: .state)
        supportsMultipleInstallations = try container.decode(Bool.self, forKey: .supportsMultipleInstallations)
        supportsSharing = try container.decode(Bool.self, forKey: .supportsSharing)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(humanName, forKey: .humanName)
        try container.encode(state, forKey: .state)
        try container.encode(supportsMultipleInstallations, forKey: .supportsMultipleInstallations)
        try container.encode(supportsSharing, forKey: .supportsSharing)
        try container.encodeNil(forKey: .cliPluginName)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
