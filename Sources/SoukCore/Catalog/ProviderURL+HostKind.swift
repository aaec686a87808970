extension ProviderURL {
    /// Where a host literally points. Names are not resolved (the validator does no I/O), so only
    /// `localhost` and address literals are caught here.
    public enum HostKind: String, Sendable, Equatable {
        case `public`
        /// 127.0.0.0/8, ::1, `localhost` and `*.localhost`.
        case loopback
        /// 10/8, 172.16/12, 192.168/16, fc00::/7.
        case `private`
        /// 169.254/16 (cloud metadata lives there), fe80::/10.
        case linkLocal = "link-local"
        /// 0.0.0.0/8 and ::.
        case unspecified

        public init(host: String) {
            let host = host.lowercased()
            if host == "localhost" || host.hasSuffix(".localhost") {
                self = .loopback
            } else if let address = IPAddressLiteral.ipv4(host) {
                self = Self(ipv4: address)
            } else if let groups = IPAddressLiteral.ipv6(host) {
                self = Self(ipv6: groups)
            } else {
                self = .public
            }
        }

        init(ipv4 address: UInt32) {
            let first = address >> 24
            if first == 127 {
                self = .loopback
            } else if first == 0 {
                self = .unspecified
            } else if first == 10 || address & 0xFFF0_0000 == 0xAC10_0000 || address & 0xFFFF_0000 == 0xC0A8_0000 {
                self = .private
            } else if address & 0xFFFF_0000 == 0xA9FE_0000 {
                self = .linkLocal
            } else {
                self = .public
            }
        }

        init(ipv6 groups: [UInt16]) {
            if groups.allSatisfy({ $0 == 0 }) {
                self = .unspecified
            } else if groups.dropLast().allSatisfy({ $0 == 0 }) && groups[7] == 1 {
                self = .loopback
            } else if groups.prefix(5).allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
                // IPv4-mapped (::ffff:127.0.0.1) reaches the IPv4 address
                self = Self(ipv4: UInt32(groups[6]) << 16 | UInt32(groups[7]))
            } else if groups[0] & 0xFE00 == 0xFC00 {
                self = .private
            } else if groups[0] & 0xFFC0 == 0xFE80 {
                self = .linkLocal
            } else {
                self = .public
            }
        }
    }
}
