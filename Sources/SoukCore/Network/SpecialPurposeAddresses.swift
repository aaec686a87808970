/// Which addresses are global unicast: IANA's special-purpose address registries as one longest-prefix table.
///
/// IPv4 lives in the table as IPv4-mapped IPv6 (`::ffff:0:0/96`), so one lookup judges both families, and an
/// IPv6 address that embeds an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo) is judged by a second lookup
/// of that IPv4 address. The most specific row containing an address decides.
///
/// Sources: IANA IPv4 Special-Purpose Address Registry and IPv6 Special-Purpose Address Registry (RFC 6890,
/// https://www.iana.org/assignments/iana-ipv4-special-registry, …/iana-ipv6-special-registry), plus the IPv4
/// Multicast Address Space and IPv6 Address Space registries for multicast and for what lies outside 2000::/3.
/// Registry entries marked "Globally Reachable: True" need a row only inside a refused block (192.0.0.0/24,
/// 2001::/23), to carve them out; elsewhere (AS112 and AMT on IPv4, AS112 at 2620:4f:8000::/48) they are global
/// unicast already.
package enum SpecialPurposeAddresses {
    /// What the most specific row says about an address.
    package enum Verdict: Sendable, Equatable {
        case global
        case refused(ProviderURL.HostKind)
        /// Judged by the IPv4 address it carries, wherever that address leads.
        case embedsIPv4(IPv4Embedding)
    }

    /// Where an IPv6 address carries an IPv4 one.
    package enum IPv4Embedding: Sendable, Equatable {
        /// The last 32 bits (IPv4-compatible, NAT64's /96).
        case lastBits
        /// Bits 16–47 (6to4, RFC 3056 §2).
        case sixToFour
        /// The client address: the last 32 bits, each inverted (Teredo, RFC 4380 §4).
        case teredoClient

        func ipv4(in address: UInt128) -> UInt32 {
            switch self {
            case .lastBits: UInt32(truncatingIfNeeded: address)
            case .sixToFour: UInt32(truncatingIfNeeded: address >> 80)
            case .teredoClient: ~UInt32(truncatingIfNeeded: address)
            }
        }
    }

    /// One row: an address block and its verdict.
    package struct Block: Sendable {
        package let prefix: UInt128
        package let length: Int
        package let verdict: Verdict

        /// `text` is `address/length` with an IPv4 or IPv6 address; IPv4 blocks are stored as IPv4-mapped.
        init(_ text: String, _ verdict: Verdict) {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let length = Int(parts[1]) else { preconditionFailure("bad block \(text)") }
            if let ipv4 = IPAddressLiteral.ipv4(String(parts[0])), length <= 32 {
                self.prefix = SpecialPurposeAddresses.mapped(ipv4)
                self.length = 96 + length
            } else if let ipv6 = IPAddressLiteral.ipv6Bits(String(parts[0])), length <= 128 {
                self.prefix = ipv6
                self.length = length
            } else {
                preconditionFailure("bad block \(text)")
            }
            self.verdict = verdict
        }

        package func contains(_ address: UInt128) -> Bool {
            length == 0 || (address ^ prefix) >> (128 - length) == 0
        }
    }

    /// The kind of an IPv4 address.
    package static func kind(ofIPv4 address: UInt32) -> ProviderURL.HostKind {
        kind(of: mapped(address))
    }

    /// The kind of an IPv6 address (an IPv4 one as IPv4-mapped).
    package static func kind(of address: UInt128) -> ProviderURL.HostKind {
        switch block(containing: address).verdict {
        case .global: .public
        case .refused(let kind): kind
        // the embedded address is IPv4-mapped, whose rows never embed again: one level deep
        case .embedsIPv4(let embedding): kind(of: mapped(embedding.ipv4(in: address)))
        }
    }

    /// The most specific row containing `address`; `::/0` contains every address.
    package static func block(containing address: UInt128) -> Block {
        var best = blocks[0]
        for block in blocks where block.length > best.length && block.contains(address) { best = block }
        return best
    }

    static func mapped(_ ipv4: UInt32) -> UInt128 { 0xFFFF << 32 | UInt128(ipv4) }

    /// The table. Rows whose registry entry says "Globally Reachable: False" are refused; so is everything
    /// outside 2000::/3 and the IPv4 unicast space.
    package static let blocks: [Block] = [
        /// IPv6 Address Space registry: only 2000::/3 is Global Unicast; the rest is reserved by the IETF or
        /// holds the unique-local, link-local, site-local and multicast blocks below.
        Block("::/0", .refused(.reserved)),
        /// IPv6 Address Space registry: 2000::/3, Global Unicast (RFC 4291 §2.4).
        Block("2000::/3", .global),

        // IPv4: every row below is written as IPv4 and stored as IPv4-mapped.

        /// IPv6 special registry: ::ffff:0:0/96, IPv4-mapped Address (RFC 4291). A socket connects such an
        /// address to the IPv4 address itself, so the IPv4 rows decide; outside them IPv4 is global unicast.
        Block("0.0.0.0/0", .global),
        /// IPv4 special registry: 0.0.0.0/8, "This network" (RFC 791 §3.2); 0.0.0.0/32 "This host on this
        /// network" (RFC 1122 §3.2.1.3). Not globally reachable; Linux connects 0.0.0.0 to itself.
        Block("0.0.0.0/8", .refused(.unspecified)),
        /// IPv4 special registry: 10.0.0.0/8, Private-Use (RFC 1918). Not globally reachable.
        Block("10.0.0.0/8", .refused(.private)),
        /// IPv4 special registry: 100.64.0.0/10, Shared Address Space (RFC 6598). Not globally reachable;
        /// carrier-grade NAT, and clouds put metadata services there (100.100.100.200).
        Block("100.64.0.0/10", .refused(.sharedAddressSpace)),
        /// IPv4 special registry: 127.0.0.0/8, Loopback (RFC 1122 §3.2.1.3). Not globally reachable.
        Block("127.0.0.0/8", .refused(.loopback)),
        /// IPv4 special registry: 169.254.0.0/16, Link Local (RFC 3927). Not globally reachable; cloud
        /// metadata at 169.254.169.254.
        Block("169.254.0.0/16", .refused(.linkLocal)),
        /// IPv4 special registry: 172.16.0.0/12, Private-Use (RFC 1918). Not globally reachable.
        Block("172.16.0.0/12", .refused(.private)),
        /// IPv4 special registry: 192.0.0.0/24, IETF Protocol Assignments (RFC 6890 §2.1). Not globally
        /// reachable, nor are its sub-entries 192.0.0.0/29 (IPv4 Service Continuity Prefix, RFC 7335),
        /// 192.0.0.8/32 (IPv4 dummy address, RFC 7600) and 192.0.0.170-171/32 (NAT64/DNS64 Discovery,
        /// RFC 8880).
        Block("192.0.0.0/24", .refused(.reserved)),
        /// IPv4 special registry: 192.0.0.9/32, Port Control Protocol Anycast (RFC 7723). Globally reachable.
        Block("192.0.0.9/32", .global),
        /// IPv4 special registry: 192.0.0.10/32, Traversal Using Relays around NAT Anycast (RFC 8155).
        /// Globally reachable.
        Block("192.0.0.10/32", .global),
        /// IPv4 special registry: 192.0.2.0/24, Documentation (TEST-NET-1, RFC 5737). Not globally reachable.
        Block("192.0.2.0/24", .refused(.documentation)),
        /// IPv4 special registry: 192.88.99.0/24, Deprecated (6to4 Relay Anycast, RFC 7526), and
        /// 192.88.99.2/32, 6a44-relay anycast address (RFC 6751): anycast relays, never a provider.
        Block("192.88.99.0/24", .refused(.reserved)),
        /// IPv4 special registry: 192.168.0.0/16, Private-Use (RFC 1918). Not globally reachable.
        Block("192.168.0.0/16", .refused(.private)),
        /// IPv4 special registry: 198.18.0.0/15, Benchmarking (RFC 2544). Not globally reachable.
        Block("198.18.0.0/15", .refused(.benchmarking)),
        /// IPv4 special registry: 198.51.100.0/24, Documentation (TEST-NET-2, RFC 5737). Not globally
        /// reachable.
        Block("198.51.100.0/24", .refused(.documentation)),
        /// IPv4 special registry: 203.0.113.0/24, Documentation (TEST-NET-3, RFC 5737). Not globally reachable.
        Block("203.0.113.0/24", .refused(.documentation)),
        /// IPv4 Multicast Address Space registry: 224.0.0.0/4, Multicast (RFC 5771).
        Block("224.0.0.0/4", .refused(.multicast)),
        /// IPv4 special registry: 240.0.0.0/4, Reserved (RFC 1112 §4). Not globally reachable.
        Block("240.0.0.0/4", .refused(.reserved)),
        /// IPv4 special registry: 255.255.255.255/32, Limited Broadcast (RFC 919 §7, RFC 8190). Not globally
        /// reachable.
        Block("255.255.255.255/32", .refused(.broadcast)),

        // IPv6

        /// IPv6 special registry: ::/128, Unspecified Address (RFC 4291). Not globally reachable.
        Block("::/128", .refused(.unspecified)),
        /// IPv6 special registry: ::1/128, Loopback Address (RFC 4291). Not globally reachable.
        Block("::1/128", .refused(.loopback)),
        /// RFC 4291 §2.5.5.1: ::/96, IPv4-Compatible IPv6 Address (deprecated, no longer in the registry).
        /// Judged by its IPv4 part: `::127.0.0.1` is loopback.
        Block("::/96", .embedsIPv4(.lastBits)),
        /// IPv6 special registry: 64:ff9b::/96, IPv4-IPv6 Translat. (RFC 6052). Globally reachable as a
        /// block, but a NAT64 gateway forwards to the IPv4 part: judged by it (64:ff9b::a9fe:a9fe is
        /// 169.254.169.254).
        Block("64:ff9b::/96", .embedsIPv4(.lastBits)),
        /// IPv6 special registry: 64:ff9b:1::/48, IPv4-IPv6 Translat. (RFC 8215). Not globally reachable: a
        /// local-use prefix whose translator, and the place of the IPv4 part (RFC 6052 allows /48 to /96), are
        /// the operator's choice, so it is refused whatever IPv4 address it may carry.
        Block("64:ff9b:1::/48", .refused(.private)),
        /// IPv6 special registry: 100::/64, Discard-Only Address Block (RFC 6666), and 100:0:0:1::/64, Dummy
        /// IPv6 Prefix (RFC 9780). Not globally reachable.
        Block("100::/63", .refused(.reserved)),
        /// IPv6 special registry: 2001::/23, IETF Protocol Assignments (RFC 2928). Not globally reachable, nor
        /// is its sub-entry 2001:10::/28 (deprecated ORCHID, RFC 4843); the reachable ones follow.
        Block("2001::/23", .refused(.reserved)),
        /// IPv6 special registry: 2001:1::1/128, Port Control Protocol Anycast (RFC 7723). Globally reachable.
        Block("2001:1::1/128", .global),
        /// IPv6 special registry: 2001:1::2/128, Traversal Using Relays around NAT Anycast (RFC 8155).
        /// Globally reachable.
        Block("2001:1::2/128", .global),
        /// IPv6 special registry: 2001:1::3/128, DNS-SD Service Registration Protocol Anycast (RFC 9665).
        /// Globally reachable.
        Block("2001:1::3/128", .global),
        /// IPv6 special registry: 2001:3::/32, AMT (RFC 7450). Globally reachable.
        Block("2001:3::/32", .global),
        /// IPv6 special registry: 2001:4:112::/48, AS112-v6 (RFC 7535). Globally reachable.
        Block("2001:4:112::/48", .global),
        /// IPv6 special registry: 2001:20::/28, ORCHIDv2 (RFC 7343). Globally reachable.
        Block("2001:20::/28", .global),
        /// IPv6 special registry: 2001:30::/28, Drone Remote ID Protocol Entity Tags (DETs) Prefix (RFC 9374).
        /// Globally reachable.
        Block("2001:30::/28", .global),
        /// IPv6 special registry: 2001::/32, TEREDO (RFC 4380, RFC 8190). The relay forwards to the client's
        /// IPv4 address, stored inverted in the last 32 bits: judged by it.
        Block("2001::/32", .embedsIPv4(.teredoClient)),
        /// IPv6 special registry: 2001:2::/48, Benchmarking (RFC 5180). Not globally reachable.
        Block("2001:2::/48", .refused(.benchmarking)),
        /// IPv6 special registry: 2001:db8::/32, Documentation (RFC 3849). Not globally reachable.
        Block("2001:db8::/32", .refused(.documentation)),
        /// IPv6 special registry: 2002::/16, 6to4 (RFC 3056). Relays forward to the IPv4 address in bits
        /// 16–47: judged by it (2002:7f00:1:: is 127.0.0.1).
        Block("2002::/16", .embedsIPv4(.sixToFour)),
        /// IPv6 special registry: 3fff::/20, Documentation (RFC 9637). Not globally reachable.
        Block("3fff::/20", .refused(.documentation)),
        /// IPv6 special registry: 5f00::/16, Segment Routing (SRv6) SIDs (RFC 9602). Not globally reachable.
        Block("5f00::/16", .refused(.reserved)),
        /// IPv6 special registry: fc00::/7, Unique-Local (RFC 4193, RFC 8190). Not globally reachable.
        Block("fc00::/7", .refused(.private)),
        /// IPv6 special registry: fe80::/10, Link-Local Unicast (RFC 4291). Not globally reachable.
        Block("fe80::/10", .refused(.linkLocal)),
        /// IPv6 Address Space registry: fec0::/10, Site-Local (deprecated by RFC 3879, still routed inside
        /// sites that kept it).
        Block("fec0::/10", .refused(.private)),
        /// IPv6 Address Space registry: ff00::/8, Multicast (RFC 4291 §2.7).
        Block("ff00::/8", .refused(.multicast)),
    ]
}
