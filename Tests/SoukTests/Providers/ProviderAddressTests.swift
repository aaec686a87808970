import Foundation
import Logging
import SoukCore
import Testing

@testable import SoukProviders

@Suite("Provider calls stay off private networks")
struct ProviderAddressTests {
    @Test(
        "Loopback, private, link-local and unspecified hosts are refused before anything is sent",
        arguments: [
            "http://127.0.0.1:{port}/heroku/resources", "http://localhost:{port}/heroku/resources",
            "http://[::1]:{port}/heroku/resources", "http://0.0.0.0:{port}/heroku/resources",
            "http://2130706433:{port}/heroku/resources", "http://api.localhost:{port}/heroku/resources",
            "http://10.0.0.1/heroku/resources", "http://192.168.1.10/heroku/resources",
            "http://169.254.169.254/latest/meta-data", "http://[fd00::1]/heroku/resources",
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
            #expect(provision.call.duration < .seconds(1))
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
        let addresses = try await ProviderAddressGuard.resolve("localhost")
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { ProviderURL.HostKind(host: $0) == .loopback })
        // a public literal resolves to itself without DNS, and passes
        try await ProviderAddressGuard.check("https://93.184.215.14/resources", allowsPrivateAddresses: false)
        await #expect(throws: ProviderError.self) {
            try await ProviderAddressGuard.check("https://no-such-host.invalid/", allowsPrivateAddresses: false)
        }
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
