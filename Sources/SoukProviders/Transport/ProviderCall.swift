import Foundation

/// What Souk records about one outbound call, for logs and the admin's view of provider calls.
public struct ProviderCall: Sendable, Equatable {
    public var method: String
    /// Without credentials, query or fragment.
    public var url: String
    /// `nil` when no response head arrived.
    public var status: Int?
    public var duration: Duration
    /// The failure in a sentence for operators; never the password, the Authorization header or the body sent.
    public var error: String?
    public var startedAt: Date

    public init(method: String, url: String, status: Int?, duration: Duration, error: String?, startedAt: Date) {
        self.method = method
        self.url = url
        self.status = status
        self.duration = duration
        self.error = error
        self.startedAt = startedAt
    }
}
