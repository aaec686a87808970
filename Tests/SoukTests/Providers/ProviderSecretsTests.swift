import Foundation
import Logging
import SoukCore
import SoukProviders
import Synchronization
import Testing

@Suite("Credentials and the request body stay out of records, errors and logs")
struct ProviderSecretsTests {
    static let password = "fakepassword123"

    /// Every text a caller may store or show about an exchange.
    static func texts(_ call: ProviderCall, _ failure: ProviderError?) -> [String] {
        var texts = [call.url, call.error ?? ""]
        if let failure { texts += [failure.customerMessage, "\(failure)", String(reflecting: failure)] }
        return texts
    }

    @Test(
        "Failures never carry the password, even when the provider echoes it",
        arguments: [
            FakeProvider.Behaviour.reply(
                status: 422, body: #"{"message": "bad credentials fake-slug:fakepassword123"}"#),
            .reply(status: 500, body: "password fakepassword123 rejected", contentType: "text/plain"),
            .reply(status: 401, body: "fakepassword123"),
            .reply(status: 302, body: ""),
            .garbage,
            .oversized(declaringLength: true),
            .closeConnection,
            .hang(.seconds(10)),
        ]
    )
    func failures(behaviour: FakeProvider.Behaviour) async throws {
        let (logger, lines) = CapturingLogHandler.logger()
        // 3 s: short enough for the hanging case, long enough that a loaded machine still gets every other
        // answer through (at 1 s the suite's busy first seconds timed requests out before they were sent).
        try await FakeProvider.withClient(.heroku, settings: .testing(requestTimeout: .seconds(3))) { fake, client in
            fake.misbehave(.provision, behaviour)
            let request = ProvisionRequest.fixture()
            let exchange = await client.provision(request, at: fake.endpoint, logger: logger)
            #expect(exchange.result.failure != nil)
            for text in Self.texts(exchange.call, exchange.result.failure) {
                #expect(!text.contains(Self.password), "\(text)")
            }
            let authorization = try #require(fake.requests.first?.header("Authorization"))
            for line in lines.lines.withLock({ $0 }) {
                #expect(!line.contains(Self.password), "\(line)")
                #expect(!line.contains(authorization.dropFirst(6)), "\(line)")
                #expect(!line.contains("grant-code-1234"), "\(line)")
            }
        }
    }

    @Test("Logs carry method, url, status and duration, even at trace level, and no secret")
    func logs() async throws {
        let (logger, lines) = CapturingLogHandler.logger()
        try await FakeProvider.withClient(.scalingo) { fake, client in
            let request = ProvisionRequest.fixture()
            let result = try await client.provision(request, at: fake.endpoint, logger: logger).result.get()
            let credentials = try #require(result.config?["FAKE_URL"]?.stringValue)
            let captured = lines.lines.withLock { $0 }
            let summary = try #require(captured.first { $0.contains("Provider call succeeded") })
            #expect(summary.hasPrefix("info"))
            #expect(summary.contains("provider.method=POST"))
            #expect(summary.contains("provider.url=\(fake.baseURL)"))
            #expect(summary.contains("provider.status=201"))
            #expect(summary.contains("provider.duration_ms="))
            let authorization = try #require(fake.requests.first?.header("Authorization"))
            for line in captured {
                #expect(!line.contains(Self.password), "\(line)")
                #expect(!line.contains(authorization.dropFirst(6)), "\(line)")
                #expect(!line.contains(request.uuid.uuidString.lowercased() + "\",\""), "request body in \(line)")
                #expect(!line.contains(credentials), "the add-on's credentials in \(line)")
                // AsyncHTTPClient's trace lines dump response bodies, which hold the add-on's credentials
                #expect(!line.hasPrefix("trace"), "\(line)")
            }
        }
    }

    @Test("User info and query are left out of the recorded URL")
    func recordedURL() async throws {
        try await FakeProvider.withClient(.heroku) { fake, client in
            var endpoint = fake.endpoint
            endpoint.baseURL =
                "http://someone:\(Self.password)@127.0.0.1:\(fake.port)/heroku/resources?token=\(Self.password)"
            let exchange = await client.deprovision(providerID: "42", uuid: UUID(), at: endpoint, logger: .quiet)
            #expect(exchange.call.url == "\(fake.baseURL)/42")
            #expect(!(exchange.call.error ?? "").contains(Self.password))
        }
    }

    @Test("Forbidden and unreachable addresses say why without credentials")
    func addressErrors() async throws {
        let clients = ProviderClients(settings: ProviderClientSettings())
        let endpoint = ProviderEndpoint(
            flavour: .heroku, baseURL: "http://user:\(Self.password)@10.1.2.3/r?key=\(Self.password)",
            username: "slug", password: Self.password
        )
        let exchange = await clients.client(for: .heroku).provision(.fixture(), at: endpoint, logger: .quiet)
        try await clients.shutdown()
        #expect(exchange.result.failure == .forbiddenAddress("10.1.2.3 is a private address"))
        for text in Self.texts(exchange.call, exchange.result.failure) {
            #expect(!text.contains(Self.password), "\(text)")
        }
    }
}
