import Foundation

/// A job as admins see it on an add-on: what it does, where it is, and why it last failed.
public struct JobSummary: Codable, Sendable, Equatable {
    public var id: UUID
    public var kind: String
    public var state: String
    public var attempts: Int
    public var runAt: Date
    public var lastError: String?
    public var createdAt: Date

    public init(id: UUID, kind: String, state: String, attempts: Int, runAt: Date, lastError: String?, createdAt: Date)
    {
        self.id = id
        self.kind = kind
        self.state = state
        self.attempts = attempts
        self.runAt = runAt
        self.lastError = lastError
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, state, attempts
        case runAt = "run_at"
        case lastError = "last_error"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(state, forKey: .state)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(runAt, forKey: .runAt)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(createdAt, forKey: .createdAt)
    }
}
