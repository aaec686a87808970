/// Where a provider call connects: the host as AsyncHTTPClient reads it from the URL (its `dnsOverride` key),
/// and the one address the guard resolved and checked for it.
struct PinnedAddress: Sendable, Equatable {
    var host: String
    var address: String
}
