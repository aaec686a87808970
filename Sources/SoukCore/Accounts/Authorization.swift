import Foundation

/// An API key as Heroku's Platform API shows an OAuth authorization (`/oauth/authorizations`). The token
/// itself is shown once, when it is made or regenerated; Souk keeps only its digest.
public struct Authorization: Codable, Sendable, Equatable {
    public struct AccessToken: Codable, Sendable, Equatable {
        public var id: UUID
        /// Only in the answer that made the token.
        public var token: String?
        /// Seconds left, or `nil` for a token that doesn't expire.
        public var expiresIn: Int?

        public init(id: UUID, token: String?, expiresIn: Int?) {
            self.id = id
            self.token = token
            self.expiresIn = expiresIn
        }

        enum CodingKeys: String, CodingKey {
            case id, token
            case expiresIn = "expires_in"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(token, forKey: .token)
            try container.encode(expiresIn, forKey: .expiresIn)
        }
    }

    public struct User: Codable, Sendable, Equatable {
        public var id: UUID
        public var email: String

        public init(id: UUID, email: String) {
            self.id = id
            self.email = email
        }
    }

    public var id: UUID
    public var description: String
    /// Souk grants whole-account keys only: Heroku's `global`.
    public var scope: [String]
    public var accessToken: AccessToken
    public var user: User
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, description: String, accessToken: AccessToken, user: User, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.description = description
        self.scope = ["global"]
        self.accessToken = accessToken
        self.user = user
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, description, scope, user, client, grant, session
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        scope = try container.decodeIfPresent([String].self, forKey: .scope) ?? ["global"]
        accessToken = try container.decode(AccessToken.self, forKey: .accessToken)
        user = try container.decode(User.self, forKey: .user)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }

    /// Heroku's shape, with the parts Souk has no use for (third-party OAuth clients) present as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(description, forKey: .description)
        try container.encode(scope, forKey: .scope)
        try container.encode(accessToken, forKey: .accessToken)
        try container.encode(user, forKey: .user)
        try container.encodeNil(forKey: .client)
        try container.encodeNil(forKey: .grant)
        try container.encodeNil(forKey: .refreshToken)
        try container.encodeNil(forKey: .session)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
