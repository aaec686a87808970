import Foundation
import Testing

@testable import SoukCore

@Suite("Only global unicast addresses are public")
struct SpecialPurposeAddressTests {
    typealias Kind = ProviderURL.HostKind

    @Test(
        "Every address issue #10 found accepted is refused",
        arguments: [
            ("100.64.0.1", Kind.sharedAddressSpace), ("100.100.100.200", .sharedAddressSpace),
            ("198.18.0.1", .benchmarking), ("224.0.0.1", .multicast), ("255.255.255.255", .broadcast),
            ("64:ff9b::a9fe:a9fe", .linkLocal), ("::127.0.0.1", .loopback), ("2002:7f00:1::", .loopback),
        ]
    )
    func issueAddresses(host: String, kind: Kind) {
        #expect(Kind(host: host) == kind)
    }

    @Test(
        "Global unicast stays public",
        arguments: [
            "8.8.8.8", "1.1.1.1", "93.184.215.14", "2606:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001::1",
            // registry entries marked globally reachable: AS112, AMT, PCP anycast
            "192.31.196.1", "192.52.193.1", "192.175.48.1", "2620:4f:8000::1", "192.0.0.9", "2001:1::1",
            // judged by the IPv4 part they embed
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
            "::8.8.8.8",
        ]
    )
    func global(host: String) {
        #expect(Kind(host: host) == .public)
    }

    @Test(
        "IPv4 blocks end where the registry says: first and last address in, the neighbours out",
        arguments: [
            ("0.0.0.0", Kind.unspecified), ("0.255.255.255", .unspecified), ("1.0.0.0", .public),
            ("9.255.255.255", .public), ("10.0.0.0", .private), ("10.255.255.255", .private), ("11.0.0.0", .public),
            ("100.63.255.255", .public), ("100.64.0.0", .sharedAddressSpace),
            ("100.127.255.255", .sharedAddressSpace), ("100.128.0.0", .public),
            ("126.255.255.255", .public), ("127.0.0.0", .loopback), ("127.255.255.255", .loopback),
            ("128.0.0.0", .public),
            ("169.253.255.255", .public), ("169.254.0.0", .linkLocal), ("169.254.255.255", .linkLocal),
            ("169.255.0.0", .public),
            ("172.15.255.255", .public), ("172.16.0.0", .private), ("172.31.255.255", .private),
            ("172.32.0.0", .public),
            ("191.255.255.255", .public), ("192.0.0.0", .reserved), ("192.0.0.8", .reserved), ("192.0.0.9", .public),
            ("192.0.0.10", .public), ("192.0.0.11", .reserved),
            ("192.0.0.170", .reserved), ("192.0.0.255", .reserved), ("192.0.1.0", .public),
            ("192.0.1.255", .public), ("192.0.2.0", .documentation), ("192.0.2.255", .documentation),
            ("192.0.3.0", .public),
            ("192.88.98.255", .public), ("192.88.99.0", .reserved), ("192.88.99.255", .reserved),
            ("192.88.100.0", .public),
            ("192.167.255.255", .public), ("192.168.0.0", .private), ("192.168.255.255", .private),
            ("192.169.0.0", .public),
            ("198.17.255.255", .public), ("198.18.0.0", .benchmarking), ("198.19.255.255", .benchmarking),
            ("198.20.0.0", .public),
            ("198.51.99.255", .public), ("198.51.100.0", .documentation), ("198.51.100.255", .documentation),
            ("198.51.101.0", .public),
            ("203.0.112.255", .public), ("203.0.113.0", .documentation), ("203.0.113.255", .documentation),
            ("203.0.114.0", .public),
            ("223.255.255.255", .public), ("224.0.0.0", .multicast), ("239.255.255.255", .multicast),
            ("240.0.0.0", .reserved), ("255.255.255.254", .reserved), ("255.255.255.255", .broadcast),
        ]
    )
    func ipv4Boundaries(host: String, kind: Kind) {
        #expect(Kind(host: host) == kind)
    }

    @Test(
        "IPv6 blocks end where the registries say: first and last address in, the neighbours out",
        arguments: [
            ("::", Kind.unspecified), ("::1", .loopback), ("::2", .unspecified), ("::0.255.255.255", .unspecified),
            ("::1.0.0.0", .public), ("::ffff:ffff", .broadcast), ("::1:0:0", .reserved),
            ("::fffe:ffff:ffff", .reserved),
            ("::ffff:0.0.0.0", .unspecified), ("::ffff:127.0.0.1", .loopback), ("::ffff:7f00:1", .loopback),
            ("::ffff:a9fe:a9fe", .linkLocal), ("::ffff:ffff:ffff", .broadcast), ("::1:0:0:0", .reserved),
            ("64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff", .reserved), ("64:ff9b::", .unspecified),
            ("64:ff9b::7f00:1", .loopback), ("64:ff9b::a00:1", .private), ("64:ff9b::6440:1", .sharedAddressSpace),
            ("64:ff9b::ffff:ffff", .broadcast), ("64:ff9b::1:0:0", .reserved), ("64:ff9b:1::", .private),
            ("64:ff9b:1::808:808", .private), ("64:ff9b:1:ffff:ffff:ffff:ffff:ffff", .private),
            ("64:ff9b:2::", .reserved),
            ("100::", .reserved), ("100:0:0:1:ffff:ffff:ffff:ffff", .reserved), ("100:0:0:2::", .reserved),
            ("1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .reserved), ("2000::", .public),
            ("2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .public),
            // Teredo: the client is the last 32 bits inverted (RFC 4380's example is 192.0.2.45)
            ("2001:0:4136:e378:8000:63bf:3fff:fdd2", .documentation), ("2001::80ff:fffe", .loopback),
            ("2001::5601:5601", .linkLocal), ("2001::", .broadcast),
            ("2001:0:ffff:ffff:ffff:ffff:ffff:ffff", .unspecified),
            ("2001:1::", .reserved), ("2001:1::1", .public), ("2001:1::3", .public), ("2001:1::4", .reserved),
            ("2001:2::", .benchmarking),
            ("2001:2:0:ffff:ffff:ffff:ffff:ffff", .benchmarking), ("2001:2:1::", .reserved), ("2001:3::1", .public),
            ("2001:4::", .reserved), ("2001:4:112::1", .public), ("2001:10::1", .reserved), ("2001:20::1", .public),
            ("2001:3f:ffff:ffff:ffff:ffff:ffff:ffff", .public), ("2001:40::", .reserved),
            ("2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", .reserved), ("2001:200::", .public),
            ("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", .public), ("2001:db8::", .documentation),
            ("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", .documentation), ("2001:db9::", .public),
            ("2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .public), ("2002::", .unspecified),
            ("2002:7f00:1::", .loopback), ("2002:a9fe:a9fe::", .linkLocal), ("2002:c0a8:101::1", .private),
            ("2002:6464:64c8::", .sharedAddressSpace), ("2002:e000:1::", .multicast),
            ("2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .broadcast), ("2003::", .public),
            ("3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .public), ("3fff::", .documentation),
            ("3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", .documentation), ("3fff:1000::", .public),
            ("3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .public), ("4000::", .reserved), ("5f00::1", .reserved),
            ("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .reserved), ("fc00::", .private),
            ("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .private), ("fe00::", .reserved),
            ("fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .reserved), ("fe80::", .linkLocal),
            ("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .linkLocal), ("fec0::", .private),
            ("feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .private), ("ff00::", .multicast), ("ff02::1", .multicast),
            ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .multicast),
        ]
    )
    func ipv6Boundaries(host: String, kind: Kind) {
        #expect(Kind(host: host) == kind)
    }

    @Test("Every row of the table parses, and no two rows cover the same block")
    func tableIsWellFormed() {
        let rows = SpecialPurposeAddresses.blocks.map { "\($0.prefix)/\($0.length)" }
        #expect(Set(rows).count == rows.count)
        #expect(SpecialPurposeAddresses.blocks.first?.length == 0)  // ::/0: every address falls in some row
        for block in SpecialPurposeAddresses.blocks {
            #expect(block.length == 128 || block.prefix << block.length == 0, "host bits set in \(block.prefix)")
        }
    }

    @Test(
        "Production manifests refuse every such host, through the same table",
        arguments: [
            ("https://100.64.0.1/r", "must not point to a shared address space host"),
            ("https://100.100.100.200/latest/meta-data", "must not point to a shared address space host"),
            ("https://198.18.0.1/r", "must not point to a benchmarking host"),
            ("https://224.0.0.1/r", "must not point to a multicast host"),
            ("https://255.255.255.255/r", "must not point to a broadcast host"),
            ("https://[64:ff9b::a9fe:a9fe]/r", "must not point to a link-local host"),
            ("https://[::127.0.0.1]/r", "must not point to a loopback host"),
            ("https://[2002:7f00:1::]/r", "must not point to a loopback host"),
            ("https://[2001:db8::1]/r", "must not point to a documentation host"),
            ("https://240.0.0.1/r", "must not point to a reserved host"),
        ]
    )
    func manifests(url: String, message: String) throws {
        let document = try ManifestFixtures.heroku().setting("api.production.base_url", to: .string(url))
        let strict = ManifestValidator.validate(document, rules: ManifestRules(allowsInsecureURLs: false))
        #expect(strict.errors == [FieldError(field: "api.production.base_url", message: message)])
        #expect(ManifestValidator.validate(document, rules: ManifestRules(allowsInsecureURLs: true)).isValid)
    }
}
