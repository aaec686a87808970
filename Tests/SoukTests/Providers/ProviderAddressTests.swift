import AsyncHTTPClient
import Foundation
import Logging
import SoukCore
import Synchronization
import Testing

@testable import SoukProviders

@Suite("Provider calls stay off private networks")
struct ProviderAddressTests {
    @Test(
        "Hosts that are not global unicast are refused before anything is sent",
        arguments: [
            "http://127.0.0.1:{port}/heroku/resources", "http://localhost:{port}/heroku/resources",
            "http://[::1]:{port}/heroku/resources", "http://0.0.0.0:{port}/heroku/resources",
            "http://2130706433:{port}/heroku/resources", "http://api.localhost:{port}/heroku/resources",
            "http://10.0.0.1/heroku/resources", "http://192.168.1.10/heroku/resources",
            "http://169.254.169.254/latest/meta-data", "http://[fd00::1]/heroku/resources",
            // issue #10: shared address space, cloud metadata, benchmarking, multicast, broadcast, and IPv4
            // embedded in IPv6 (NAT64 of 169.254.169.254, compatible loopback, 6to4 of loopback, Teredo, mapped)
            "http://100.64.0.1/heroku/resources", "http://100.100.100.200/latest/meta-data",
            "http://198.18.0.1/heroku/resources", "http://224.0.0.1/heroku/resources",
            "http://255.255.255.255/heroku/resources", "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",
            "http://[::127.0.0.1]:{port}/heroku/resources", "http://[2002:7f00:1::]:{port}/heroku/resources",
            "http://[2001::80ff:fffe]:{port}/heroku/resources", "http://[::ffff:7f00:1]:{port}/heroku/resources",
        ]
    )
    func forbidden(template: String) async throws {
        let clients = ProviderClients(settings: ProviderClientSettings(requestTimeout: .seconds(5)))
        try await FakeProvider.run(flavour: .heroku) { fake in
            var endpoint = fake.endpoint
            endpoint.baseURL = template.replacingOccurrences(of: "{port}", with: "\(fake.port)")
            let client = clients.client(for: .heroku)
            let provision = await client.provision(.fixture(), at: endpoint, logger: .quiet)
            let change = await client.changePlan(
                providerID: "1", uuid: UUID(), plan: "basic", options: [:], at: endpoint, logger: .quiet
            )
            let removal = await client.deprovision(providerID: "1", uuid: UUID(), at: endpoint, logger: .quiet)
            for failure in [provision.result.failure, change.result.failure, removal.result.failure] {
                guard case .forbiddenAddress = failure else {
                    Issue.record("expected forbiddenAddress, got \(String(describing: failure))")
                    continue
                }
            }
            #expect(provision.call.status == nil)
            // Refused without waiting on the network: a call sent to an unroutable address would last the whole
            // 5 s request timeout. (The bound was 1 s, which 20 cases at once on a loaded 2-core machine
            // overran once, at 1.05 s: CPU, not the network.)
            #expect(provision.call.duration < .seconds(4))
            #expect(fake.requests.isEmpty)
        }
        try await clients.shutdown()
    }

    @Test("Only http and https are called, even where private addresses are allowed")
    func schemes() async throws {
        let clients = ProviderClients(settings: .testing())
        for url in ["ftp://provider.test/resources", "file:///etc/passwd", "not a url"] {
            let endpoint = ProviderEndpoint(flavour: .scalingo, baseURL: url, username: "u", password: "p")
            let exchange = await clients.client(for: .scalingo).provision(.fixture(), at: endpoint, logger: .quiet)
            guard case .forbiddenAddress = exchange.result.failure else {
                Issue.record("expected forbiddenAddress for \(url), got \(exchange.result)")
                continue
            }
        }
        try await clients.shutdown()
    }

    @Test("Names are resolved and judged by every address they resolve to")
    func resolution() async throws {
        let addresses = try await ProviderHostResolver.system.resolve("localhost")
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { ProviderURL.HostKind(host: $0) == .loopback })
        // a public literal resolves to itself without DNS, passes, and is what the call connects to
        let pinned = try await admit("https://93.184.215.14/resources", resolver: .system)
        #expect(pinned == PinnedAddress(host: "93.184.215.14", address: "93.184.215.14"))
        await #expect(throws: ProviderError.self) {
            try await admit("https://no-such-host.invalid/", resolver: .system)
        }
    }

    @Test(
        "A name is refused when any address it resolves to is not global unicast",
        arguments: [
            ["100.100.100.200"], ["93.184.215.14", "127.0.0.1"], ["64:ff9b::a9fe:a9fe"], ["2002:7f00:1::"],
            ["::127.0.0.1"], ["2606:4700::1111", "fe80::1"], ["198.18.0.1"], ["224.0.0.1"],
        ]
    )
    func resolvedAddresses(answer: [String]) async throws {
        let resolver = ProviderHostResolver { _ in answer }
        await #expect(throws: ProviderError.self) {
            try await admit("https://provider.example/resources", resolver: resolver)
        }
    }

    @Test("A name whose every address is global unicast is pinned to the first of them")
    func pinnedAddress() async throws {
        let pinned = try await admit(
            "https://Provider.Example./resources",
            resolver: ProviderHostResolver { _ in ["2606:4700::1111", "8.8.8.8"] }
        )
        // the host as AsyncHTTPClient keys its dnsOverride, and the first address checked
        #expect(pinned == PinnedAddress(host: "Provider.Example.", address: "2606:4700::1111"))
    }

    @Test("A call connects to the address the guard checked, never to a second resolution (DNS rebinding)")
    func pinnedConnection() async throws {
        // The guard's resolver says 127.0.0.2, where the server listens; the system would say 127.0.0.1 for
        // localhost, where nothing listens on that port. Only a pinned connection reaches the server.
        let lookups = Mutex(0)
        let resolver = ProviderHostResolver { host in
            lookups.withLock { $0 += 1 }
            return host == "localhost" ? ["127.0.0.2"] : []
        }
        let settings = ProviderClientSettings.testing()
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: ProviderTransport.configuration(settings))
        let transport = ProviderTransport(http: http, settings: settings, resolver: resolver, pinsAddresses: true)
        try await HostRecordingServer.run(on: "127.0.0.2") { server in
            let endpoint = ProviderEndpoint(
                flavour: .heroku, baseURL: "http://localhost:\(server.port)/heroku/resources", username: "u",
                password: "p"
            )
            let client = HerokuProviderClient(transport: transport)
            for _ in 0..<2 {
                let exchange = await client.provision(.fixture(), at: endpoint, logger: .quiet)
                #expect(exchange.call.status == 200, "\(exchange.result)")
            }
            // the original name still travels in Host (and, over https, as SNI and for the certificate)
            #expect(server.hosts == ["localhost:\(server.port)", "localhost:\(server.port)"])
            #expect(lookups.withLock { $0 } == 2)  // once per call, by the guard only
            // the second call to the same checked address reused the first one's connection
            #expect(Set(server.clientPorts).count == 1, "\(server.clientPorts)")
            // the control: unpinned, the client resolves localhost itself and never reaches 127.0.0.2 (it retries
            // the refused connection until the deadline, hence a short one)
            let unpinned = ProviderTransport(
                http: http, settings: .testing(requestTimeout: .seconds(1)), resolver: resolver, pinsAddresses: false
            )
            _ = await HerokuProviderClient(transport: unpinned).provision(.fixture(), at: endpoint, logger: .quiet)
            #expect(server.hosts.count == 2)
            #expect(lookups.withLock { $0 } == 2)
        }
        try await transport.shutdown()
    }

    private func admit(_ url: String, resolver: ProviderHostResolver) async throws(ProviderError) -> PinnedAddress? {
        try await ProviderAddressGuard.admit(url, allowsPrivateAddresses: false, pinning: true, resolver: resolver)
    }

    @Test("Resource URLs: one slash, the id as one encoded segment, any query kept after it")
    func resourceURLs() {
        #expect(
            ResourceURL.joining("https://p.test/heroku/resources", id: "a b") == "https://p.test/heroku/resources/a%20b"
        )
        #expect(ResourceURL.joining("https://p.test/r//", id: "1") == "https://p.test/r/1")
        #expect(ResourceURL.joining("https://p.test/r/?v=2", id: "1") == "https://p.test/r/1?v=2")
        #expect(ResourceURL.redacted("https://u:secret@p.test/r?token=secret#x") == "https://p.test/r")
    }
}
