import Foundation

/// Something that happened to an app, as written in the transaction that did it: `resource` (`app`, `addon`,
/// `addon-attachment`, `collaborator`, `release`), `action` (`create`, `update`, `destroy`), who did it, the
/// resource as the API shows it and the changed fields' old values.
public struct WebhookEvent: Sendable, Equatable {
    public var id: UUID
    public var sequence: Int64
    public var resource: String
    public var action: String
    public var actor: AccountReference?
    /// JSON text, kept as written.
    public var data: String
    public var previousData: String
    public var createdAt: Date

    public init(
        id: UUID, sequence: Int64, resource: String, action: String, actor: AccountReference?, data: String,
        previousData: String, createdAt: Date
    ) {
        self.id = id
        self.sequence = sequence
        self.resource = resource
        self.action = action
        self.actor = actor
        self.data = data
        self.previousData = previousData
        self.createdAt = createdAt
    }

    public var include: String { "api:\(resource)" }

    /// The body a webhook receives: Heroku's envelope, with this attempt's `webhook_metadata`. Built as text
    /// so that `data` goes out exactly as it was recorded.
    public func envelope(webhook: UUID, delivery: UUID, attempt: UUID, publishedAt: Date) -> String {
        let actorJSON =
            actor.map { #"{"id":"\#($0.id.lowercasedString)","email":\#(Self.quoted($0.email))}"# } ?? "null"
        return """
            {"id":"\(id.lowercasedString)","action":"\(action)","actor":\(actorJSON),"resource":"\(resource)",\
            "data":\(data),"previous_data":\(previousData),"created_at":"\(Self.time(createdAt))",\
            "published_at":"\(Self.time(publishedAt))","sequence":\(sequence),"version":"application/vnd.heroku+json; version=3",\
            "webhook_metadata":{"attempt":{"id":"\(attempt.lowercasedString)"},"delivery":{"id":"\(delivery.lowercasedString)"},\
            "event":{"id":"\(id.lowercasedString)","include":"\(include)"},"webhook":{"id":"\(webhook.lowercasedString)"}}}
            """
    }

    static func time(_ date: Date) -> String { date.formatted(.iso8601) }

    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data(#""""#.utf8), as: UTF8.self)
    }
}
