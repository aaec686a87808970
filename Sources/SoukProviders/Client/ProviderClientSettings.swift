/// Limits every outbound provider call obeys.
public struct ProviderClientSettings: Sendable {
    public var connectTimeout: Duration
    /// From sending to the last body byte; providers MUST answer within 25 s.
    public var requestTimeout: Duration
    public var maximumBodyBytes: Int
    /// Lets calls reach loopback, private and link-local addresses: development and tests only.
    public var allowsPrivateAddresses: Bool
    /// The host in `heroku_id` (`{uuid}@{host}`, as in `ProvisionRequest.herokuID`), which Heroku-flavour plan
    /// changes repeat for v1-era providers; `nil` leaves `heroku_id` out of them.
    public var herokuIDHost: String?

    public init(
        connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(25),
        maximumBodyBytes: Int = 1 << 20,
        allowsPrivateAddresses: Bool = false,
        herokuIDHost: String? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maximumBodyBytes = maximumBodyBytes
        self.allowsPrivateAddresses = allowsPrivateAddresses
        self.herokuIDHost = herokuIDHost
    }
}
