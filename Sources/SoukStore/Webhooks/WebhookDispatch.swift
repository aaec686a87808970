import Foundation
import SoukCore

/// A delivery claimed for one attempt: where it goes, with what secret, and the event it carries.
public struct WebhookDispatch: Sendable {
    public var deliveryID: UUID
    /// This attempt's number, from 1.
    public var attempt: Int
    public var deliveryCreatedAt: Date
    public var webhookID: UUID
    public var url: String
    public var secret: String
    public var authorization: String?
    public var level: Webhook.Level
    public var event: WebhookEvent
}
