import Foundation
import Logging
import SoukCore
import SoukProviders
import Testing

@Suite("Provisioning answers, as real providers send them")
struct ProviderProvisionTests {
    static let flavours = [ManifestFlavour.heroku, .scalingo]

    /// Provisions once against a fake that applies `behaviours` to that call.
    static func provision(
        _ flavour: ManifestFlavour,
        _ behaviours: FakeProvider.Behaviour...
    ) async throws -> ProviderExchange<ProvisionResult> {
        try await FakeProvider.withClient(flavour) { fake, client in
            fake.misbehave(.provision, behaviours: behaviours)
            return await client.provision(.fixture(), at: fake.endpoint, logger: .quiet)
        }
    }

    @Test("201 with id, config and message is provisioned", arguments: flavours)
    func synchronous(flavour: ManifestFlavour) async throws {
        try await FakeProvider.withClient(flavour) { fake, client in
            let exchange = await client.provision(.fixture(), at: fake.endpoint, logger: .quiet)
            let result = try exchange.result.get()
            #expect(result.outcome == .provisioned)
            #expect(result.providerID == "\(flavour.rawValue)-resource-1")
            #expect(result.config == ["FAKE_URL": .string("https://\(result.providerID).fake.test/basic")])
            #expect(result.message == "Ready to use")
            #expect(exchange.call.method == "POST")
            #expect(exchange.call.url == fake.baseURL)
            #expect(exchange.call.status == 201)
            #expect(exchange.call.error == nil)
            #expect(exchange.call.duration > .zero)
        }
    }

    @Test("A repeated provision with the same uuid gets the same id and config", arguments: flavours)
    func idempotent(flavour: ManifestFlavour) async throws {
        try await FakeProvider.withClient(flavour) { fake, client in
            let request = ProvisionRequest.fixture()
            let first = try await client.provision(request, at: fake.endpoint, logger: .quiet).result.get()
            let again = try await client.provision(request, at: fake.endpoint, logger: .quiet).result.get()
            let other = try await client.provision(.fixture(), at: fake.endpoint, logger: .quiet).result.get()
            #expect(again.providerID == first.providerID)
            #expect(again.config == first.config)
            #expect(other.providerID != first.providerID)
            #expect(fake.resources.count == 2)
        }
    }

    @Test("200 is provisioned too", arguments: flavours)
    func ok(flavour: ManifestFlavour) async throws {
        let exchange = try await Self.provision(flavour, .status(200))
        #expect(try exchange.result.get().outcome == .provisioned)
    }

    @Test("202 with an id is provisioning; without an id it is invalid", arguments: flavours)
    func asynchronous(flavour: ManifestFlavour) async throws {
        let accepted = try await Self.provision(flavour, .accepted)
        let result = try accepted.result.get()
        #expect(result.outcome == .provisioning)
        #expect(result.providerID == "\(flavour.rawValue)-resource-1")
        #expect(result.config == nil)
        #expect(accepted.call.status == 202)
        let withoutID = try await Self.provision(flavour, .accepted, .id(nil))
        #expect(withoutID.result.failure == .invalidResponse("the answer has no id"))
    }

    @Test(
        "Ids come as strings or integers and are kept as strings of at most 255 characters",
        arguments: [
            (JSONValue.number(123), "123"),
            (.number(0), "0"),
            (.string("abc-123"), "abc-123"),
            (.string("1"), "1"),
            (.string(String(repeating: "x", count: 255)), String(repeating: "x", count: 255)),
        ]
    )
    func validIDs(id: JSONValue, expected: String) async throws {
        for flavour in Self.flavours {
            let exchange = try await Self.provision(flavour, .id(id))
            #expect(try exchange.result.get().providerID == expected)
        }
    }

    @Test("A large integer id keeps every digit")
    func largeIntegerID() async throws {
        let exchange = try await Self.provision(
            .heroku,
            .reply(status: 201, body: #"{"id": 12345678901234567890, "config": {}}"#)
        )
        #expect(try exchange.result.get().providerID == "12345678901234567890")
    }

    @Test(
        "An id that is missing, empty, too long or not a string or integer is an invalid answer",
        arguments: [
            JSONValue?.none, .null, .string(""), .string(String(repeating: "x", count: 256)), .number(1.5),
            .bool(true), .object([:]),
        ]
    )
    func invalidIDs(id: JSONValue?) async throws {
        for flavour in Self.flavours {
            let exchange = try await Self.provision(flavour, .id(id))
            guard case .invalidResponse = exchange.result.failure else {
                Issue.record("expected an invalid response, got \(exchange.result)")
                return
            }
            #expect(exchange.result.failure?.isDefinitive == false)
        }
    }

    @Test(
        "JSON labelled text/html, text/plain or not at all is read by its content",
        arguments: ["text/html; charset=utf-8", "text/plain", nil] as [String?]
    )
    func mislabelledJSON(contentType: String?) async throws {
        for flavour in Self.flavours {
            let exchange = try await Self.provision(flavour, .contentType(contentType))
            let result = try exchange.result.get()
            #expect(result.config?["FAKE_URL"] != nil)
        }
    }

    @Test("No config at all is nil; config null is nil too", arguments: flavours)
    func noConfig(flavour: ManifestFlavour) async throws {
        #expect(try await Self.provision(flavour, .config(nil)).result.get().config == nil)
        #expect(try await Self.provision(flavour, .config(.null)).result.get().config == nil)
    }

    @Test("Undeclared keys and non-string values come back as sent, for the mapping to judge", arguments: flavours)
    func unusualConfig(flavour: ManifestFlavour) async throws {
        let config: [String: JSONValue] = [
            "FAKE_URL": .string("https://fake.test"), "UNDECLARED": .string("x"), "PORT": .number(5432),
            "TLS": .bool(true), "EMPTY": .null,
        ]
        let exchange = try await Self.provision(flavour, .config(.object(config)))
        #expect(try exchange.result.get().config == config)
    }

    @Test("Config that is not an object, or a body that is not an object, is an invalid answer")
    func nonObjects() async throws {
        let stringConfig = try await Self.provision(.heroku, .config(.string("FAKE_URL=x")))
        #expect(stringConfig.result.failure == .invalidResponse("config is not a JSON object"))
        let array = try await Self.provision(.scalingo, .reply(status: 201, body: #"[{"id": "1"}]"#))
        #expect(array.result.failure == .invalidResponse("the body is not a JSON object"))
    }

    @Test("message and log_drain_url are read; unknown fields are ignored")
    func extraFields() async throws {
        let body = #"{"id": 7, "message": "Welcome", "log_drain_url": "syslog://logs.fake.test:514", "extra": [1]}"#
        let result = try await Self.provision(.heroku, .reply(status: 201, body: body, contentType: "text/html"))
            .result.get()
        #expect(result.providerID == "7")
        #expect(result.message == "Welcome")
        #expect(result.logDrainURL == "syslog://logs.fake.test:514")
        #expect(result.config == nil)
    }
}
