import Foundation

/// One pushed manifest, exactly as the provider sent it, with who pushed it and when.
public struct ManifestVersion: Codable, Sendable, Equatable {
    public var version: Int
    public var pushedBy: AccountReference?
    public var createdAt: Date
    public var manifest: JSONValue

    public init(version: Int, pushedBy: AccountReference?, createdAt: Date, manifest: JSONValue) {
        self.version = version
        self.pushedBy = pushedBy
        self.createdAt = createdAt
        self.manifest = manifest
    }

    enum CodingKeys: String, CodingKey {
        case version, manifest
        case pushedBy = "pushed_by"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(pushedBy, forKey: .pushedBy)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(manifest, forKey: .manifest)
    }
}
