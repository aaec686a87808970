import Foundation

/// One event's journey to one webhook, in Heroku's shape: its `status` (`pending`, `scheduled`, `retrying`
/// after a failed attempt with more to come, `failed`, `succeeded`), attempts so far, when the next is due,
/// and how the last one went.
public struct WebhookDelivery: Encodable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case pending, scheduled, retrying, failed, succeeded
    }

    /// The last attempt: its HTTP status (`nil` when none came back) and the class of error it met.
    public struct Attempt: Encodable, Sendable, Equatable {
        public var id: UUID
        public var code: Int?
        public var errorClass: String?
        public var status: String
        public var createdAt: Date

        public init(id: UUID, code: Int?, errorClass: String?, status: String, createdAt: Date) {
            self.id = id
            self.code = code
            self.errorClass = errorClass
            self.status = status
            self.createdAt = createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, code, status
            case errorClass = "error_class"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(code, forKey: .code)
            try container.encode(errorClass, forKey: .errorClass)
            try container.encode(status, forKey: .status)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(createdAt, forKey: .updatedAt)
        }
    }

    public var id: UUID
    public var eventID: UUID
    public var include: String
    public var webhookID: UUID
    public var level: Webhook.Level
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastAttempt: Attempt?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, eventID: UUID, include: String, webhookID: UUID, level: Webhook.Level, status: Status, attempts: Int,
        nextAttemptAt: Date?, lastAttempt: Attempt?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.eventID = eventID
        self.include = include
        self.webhookID = webhookID
        self.level = level
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttempt = lastAttempt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, event, webhook, status
        case numAttempts = "num_attempts"
        case nextAttemptAt = "next_attempt_at"
        case lastAttempt = "last_attempt"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(["id": eventID.lowercasedString, "include": include], forKey: .event)
        try container.encode(["id": webhookID.lowercasedString, "level": level.rawValue], forKey: .webhook)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .numAttempts)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(lastAttempt, forKey: .lastAttempt)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
