import Foundation

/// An event as `GET /apps/{app}/webhook-events` shows it: `id`, `include`, `payload` (`action`, `actor`,
/// `data`, `previous_data`, `resource`, `version`), `created_at`, `updated_at`.
public struct WebhookEventView: Encodable, Sendable {
    public var event: WebhookEvent

    public init(_ event: WebhookEvent) {
        self.event = event
    }

    struct Payload: Encodable {
        var action: String
        var actor: AccountReference?
        var data: JSONValue
        var previousData: JSONValue
        var resource: String
        var version = "application/vnd.heroku+json; version=3"

        enum CodingKeys: String, CodingKey {
            case action, actor, data, resource, version
            case previousData = "previous_data"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, include, payload
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(event.id, forKey: .id)
        try container.encode(event.include, forKey: .include)
        let decoder = JSONDecoder()
        try container.encode(
            Payload(
                action: event.action, actor: event.actor,
                data: (try? decoder.decode(JSONValue.self, from: Data(event.data.utf8))) ?? .null,
                previousData: (try? decoder.decode(JSONValue.self, from: Data(event.previousData.utf8))) ?? .null,
                resource: event.resource),
            forKey: .payload)
        try container.encode(event.createdAt, forKey: .createdAt)
        try container.encode(event.createdAt, forKey: .updatedAt)
    }
}
