import Foundation

/// What the CLI shows of a webhook: `webhooks` lists these, `webhooks:add` prints the new one's id.
struct WebhookSummary: Decodable, Sendable {
    var id: UUID
    var include: [String]
    var level: String
    var url: String
}
