extension ProviderURL {
    /// Where a host literally points. Names are not resolved (the validator does no I/O), so only
    /// `localhost` and address literals are caught here; the provider client judges resolved names the same way.
    /// Every address that is not global unicast has a kind other than `public`: see `SpecialPurposeAddresses`.
    public enum HostKind: String, Sendable, Equatable {
        case `public`
        /// 127.0.0.0/8, ::1, `localhost` and `*.localhost`.
        case loopback
        /// 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10, 64:ff9b:1::/48.
        case `private`
        /// 100.64/10: carrier-grade NAT, and cloud metadata (100.100.100.200).
        case sharedAddressSpace = "shared address space"
        /// 169.254/16 (cloud metadata lives there), fe80::/10.
        case linkLocal = "link-local"
        /// 0.0.0.0/8 and ::.
        case unspecified
        /// 224/4 and ff00::/8.
        case multicast
        /// 255.255.255.255.
        case broadcast
        /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20.
        case documentation
        /// 198.18/15, 2001:2::/48.
        case benchmarking
        /// Everything else that is not global unicast: 240/4, IETF protocol assignments, IPv6 outside 2000::/3.
        case reserved

        public init(host: String) {
            let host = host.lowercased()
            if host == "localhost" || host.hasSuffix(".localhost") {
                self = .loopback
            } else if let address = IPAddressLiteral.ipv4(host) {
                self = SpecialPurposeAddresses.kind(ofIPv4: address)
            } else if let address = IPAddressLiteral.ipv6Bits(host) {
                self = SpecialPurposeAddresses.kind(of: address)
            } else {
                self = .public
            }
        }

        /// "a loopback", "an unspecified": for messages.
        public var withArticle: String {
            let article = rawValue.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            return "\(article) \(rawValue)"
        }
    }
}
