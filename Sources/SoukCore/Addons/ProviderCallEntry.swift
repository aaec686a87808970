import Foundation

/// One logged call to a provider, as its provider and admins read it.
public struct ProviderCallEntry: Codable, Sendable, Equatable {
    public var id: UUID
    public var addonID: UUID?
    public var method: String
    public var url: String
    public var status: Int?
    public var durationMilliseconds: Double
    public var error: String?
    public var warnings: [String]
    public var createdAt: Date

    public init(
        id: UUID, addonID: UUID?, method: String, url: String, status: Int?, durationMilliseconds: Double,
        error: String?, warnings: [String], createdAt: Date
    ) {
        self.id = id
        self.addonID = addonID
        self.method = method
        self.url = url
        self.status = status
        self.durationMilliseconds = durationMilliseconds
        self.error = error
        self.warnings = warnings
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, method, url, status, error, warnings
        case addonID = "addon_id"
        case durationMilliseconds = "duration_ms"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(addonID?.lowercasedString, forKey: .addonID)
        try container.encode(method, forKey: .method)
        try container.encode(url, forKey: .url)
        try container.encode(status, forKey: .status)
        try container.encode(durationMilliseconds, forKey: .durationMilliseconds)
        try container.encode(error, forKey: .error)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(createdAt, forKey: .createdAt)
    }
}
