/// How deliveries go out (`souk.webhooks.*`).
struct WebhookSettings: Sendable {
    /// An attempt that has no answer after this fails (`timeout`).
    var timeout: Duration
    /// A `sync` delivery's first retry comes after this, each next one after twice as long, at most an hour.
    var retryBase: Duration
    var maximumDelay: Duration
    /// A `sync` delivery still failing this long after its event is given up (`failed`).
    var giveUpAfter: Duration
    /// Events older than this are deleted with their deliveries, unless a delivery is still to go.
    var retention: Duration
    /// How often the dispatcher looks for due deliveries when it found none.
    var pollInterval: Duration
    /// Webhooks whose deliveries are claimed at a time, and sent to side by side.
    var batch: Int
    /// Deliveries of one webhook claimed at a time, and sent one after another.
    var batchPerWebhook: Int
}
