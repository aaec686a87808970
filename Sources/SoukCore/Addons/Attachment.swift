import Foundation

/// Where an add-on's vars show up: one app, under one name. In the Heroku Platform API v3 shape.
public struct Attachment: Codable, Sendable, Equatable {
    /// The add-on, with its billing app.
    public struct AddonReference: Codable, Sendable, Equatable {
        public var id: UUID
        public var name: String
        public var app: AppReference

        public init(id: UUID, name: String, app: AppReference) {
            self.id = id
            self.name = name
            self.app = app
        }

        enum CodingKeys: String, CodingKey { case id, name, app }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(app, forKey: .app)
        }
    }

    public var id: UUID
    public var name: String
    public var addon: AddonReference
    public var app: AppReference
    public var webURL: String?
    /// Heroku's attachment namespace (`credential:…` for Postgres credentials); Souk has none, so `null`.
    public var namespace: String? = nil
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, name: String, addon: AddonReference, app: AppReference, webURL: String?, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.addon = addon
        self.app = app
        self.webURL = webURL
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, addon, app, namespace
        case webURL = "web_url"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(addon, forKey: .addon)
        try container.encode(app, forKey: .app)
        try container.encode(namespace, forKey: .namespace)
        try container.encode(webURL, forKey: .webURL)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
