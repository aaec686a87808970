/// How deliveries go out (`souk.webhooks.*`).
struct WebhookSettings: Sendable {
    /// An attempt that has no answer after this fails (`timeout`).
    var timeout: Duration
    /// A `sync` delivery's first retry comes after this, each next one after twice as long, at most an hour.
    var retryBase: Duration
    var maximumDelay: Duration
    /// A `sync` delivery still failing this long after its event is given up (`failed`).
    var giveUpAfter: Duration
    /// How often the dispatcher looks for due deliveries when it found none.
    var pollInterval: Duration
    /// Deliveries claimed at a time, and sent at once.
    var batch: Int
}
