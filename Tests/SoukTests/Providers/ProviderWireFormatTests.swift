import Foundation
import Logging
import SoukCore
import SoukProviders
import Testing

@Suite("Provider calls on the wire")
struct ProviderWireFormatTests {
    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test("Heroku provision: POST base_url, Basic slug:password, v3 headers and every field")
    func herokuProvision() async throws {
        try await FakeProvider.withClient(.heroku) { fake, client in
            let request = ProvisionRequest.fixture()
            let exchange = await client.provision(request, at: fake.endpoint, logger: .quiet)
            _ = try exchange.result.get()
            let sent = try #require(fake.requests.first)
            #expect(fake.requests.count == 1)
            #expect(sent.method == "POST")
            #expect(sent.path == "/heroku/resources")
            #expect(sent.header("Authorization") == Self.basic(fake.username, fake.password))
            #expect(sent.header("Content-Type") == "application/json")
            #expect(sent.header("Accept") == "application/vnd.heroku-addons+json; version=3")
            #expect(sent.header("Content-Length") == "\(sent.body.utf8.count)")
            let id = request.uuid.uuidString.lowercased()
            let expiry = ISO8601DateFormatter().string(from: ProvisionRequest.grantExpiry)
            let expected: [String: JSONValue] = [
                "uuid": .string(id),
                "name": .string("fake-brave-1234"),
                "plan": .string("basic"),
                "region": .string("amazon-web-services::us-east-1"),
                "options": .object(["size": .string("small")]),
                "callback_url": .string("https://souk.test/addons/\(id)"),
                "heroku_id": .string("\(id)@souk.test"),
                "oauth_grant": .object([
                    "code": .string("grant-code-1234"),
                    "expires_at": .string(expiry),
                    "type": .string("authorization_code"),
                ]),
                "log_input_url": .string("https://logs.souk.test/input/\(id)"),
                "log_drain_token": .string("d.\(id)"),
            ]
            #expect(sent.json == .object(expected))
        }
    }

    @Test("Heroku provision leaves absent optional fields out and sends empty options as {}")
    func herokuProvisionMinimal() async throws {
        try await FakeProvider.withClient(.heroku) { fake, client in
            var request = ProvisionRequest.fixture(options: [:])
            request.oauthGrant = nil
            request.logInputURL = nil
            request.logDrainToken = nil
            _ = try await client.provision(request, at: fake.endpoint, logger: .quiet).result.get()
            let json = try #require(fake.requests.first?.json?.objectValue)
            #expect(Set(json.keys) == ["uuid", "name", "plan", "region", "options", "callback_url", "heroku_id"])
            #expect(json["options"] == .object([:]))
        }
    }

    @Test("Scalingo provision: POST base_url, Basic user:password, plan, app_id = uuid, options, uuid")
    func scalingoProvision() async throws {
        try await FakeProvider.withClient(.scalingo) { fake, client in
            let request = ProvisionRequest.fixture()
            _ = try await client.provision(request, at: fake.endpoint, logger: .quiet).result.get()
            let sent = try #require(fake.requests.first)
            let id = request.uuid.uuidString.lowercased()
            #expect(sent.method == "POST")
            #expect(sent.path == "/scalingo/resources")
            #expect(sent.header("Authorization") == Self.basic(fake.username, fake.password))
            #expect(sent.header("Content-Type") == "application/json")
            #expect(sent.header("Accept") == "application/json")
            #expect(sent.header("Content-Length") == "\(sent.body.utf8.count)")
            let expected: [String: JSONValue] = [
                "plan": .string("basic"),
                "app_id": .string(id),
                "options": .object(["size": .string("small")]),
                "uuid": .string(id),
            ]
            #expect(sent.json == .object(expected))
        }
    }

    @Test("Heroku plan change: PUT base_url/id with plan, uuid and, when configured, heroku_id")
    func herokuPlanChange() async throws {
        var settings = ProviderClientSettings.testing()
        settings.herokuIDHost = "souk.test"
        try await FakeProvider.withClient(.heroku, settings: settings) { fake, client in
            let request = ProvisionRequest.fixture()
            let id = try await client.provision(request, at: fake.endpoint, logger: .quiet).result.get().providerID
            _ = try await client.changePlan(
                providerID: id, uuid: request.uuid, plan: "premium", options: ["size": "large"],
                at: fake.endpoint, logger: .quiet
            ).result.get()
            let sent = try #require(fake.requests(for: .changePlan).first)
            let uuid = request.uuid.uuidString.lowercased()
            #expect(sent.method == "PUT")
            #expect(sent.path == "/heroku/resources/\(id)")
            #expect(sent.header("Authorization") == Self.basic(fake.username, fake.password))
            #expect(sent.header("Content-Type") == "application/json")
            #expect(sent.header("Accept") == "application/vnd.heroku-addons+json; version=3")
            let expected: [String: JSONValue] = [
                "plan": .string("premium"), "uuid": .string(uuid), "heroku_id": .string("\(uuid)@souk.test"),
            ]
            #expect(sent.json == .object(expected))
        }
    }

    @Test("Scalingo plan change: PUT base_url/id with plan and options")
    func scalingoPlanChange() async throws {
        try await FakeProvider.withClient(.scalingo) { fake, client in
            let request = ProvisionRequest.fixture()
            let id = try await client.provision(request, at: fake.endpoint, logger: .quiet).result.get().providerID
            _ = try await client.changePlan(
                providerID: id, uuid: request.uuid, plan: "premium", options: ["size": "large"],
                at: fake.endpoint, logger: .quiet
            ).result.get()
            let sent = try #require(fake.requests(for: .changePlan).first)
            #expect(sent.method == "PUT")
            #expect(sent.path == "/scalingo/resources/\(id)")
            #expect(sent.json == .object(["plan": .string("premium"), "options": .object(["size": .string("large")])]))
        }
    }

    @Test("Removal: DELETE base_url/id without a body", arguments: [ManifestFlavour.heroku, .scalingo])
    func removal(flavour: ManifestFlavour) async throws {
        try await FakeProvider.withClient(flavour) { fake, client in
            let request = ProvisionRequest.fixture()
            let id = try await client.provision(request, at: fake.endpoint, logger: .quiet).result.get().providerID
            _ = try await client.deprovision(providerID: id, uuid: request.uuid, at: fake.endpoint, logger: .quiet)
                .result.get()
            let sent = try #require(fake.requests(for: .deprovision).first)
            #expect(sent.method == "DELETE")
            #expect(sent.path == "/\(flavour.rawValue)/resources/\(id)")
            #expect(sent.body.isEmpty)
            #expect(sent.header("Content-Type") == nil)
            #expect(sent.header("Authorization") == Self.basic(fake.username, fake.password))
        }
    }

    @Test(
        "Provider ids go into the path as one percent-encoded segment",
        arguments: [
            ("a/b c", "a%2Fb%20c"), ("42", "42"), ("Az09-._~", "Az09-._~"), ("é?#%", "%C3%A9%3F%23%25"),
            ("..", "%2E%2E"),
        ]
    )
    func percentEncoding(id: String, segment: String) async throws {
        try await FakeProvider.withClient(.heroku) { fake, client in
            var endpoint = fake.endpoint
            endpoint.baseURL += "/"  // exactly one slash either way
            _ = await client.changePlan(
                providerID: id, uuid: UUID(), plan: "basic", options: [:], at: endpoint, logger: .quiet
            )
            _ = await client.deprovision(providerID: id, uuid: UUID(), at: endpoint, logger: .quiet)
            #expect(fake.requests.map(\.path) == ["/heroku/resources/\(segment)", "/heroku/resources/\(segment)"])
            #expect(fake.requests.map(\.resourceID) == [id, id])
        }
    }
}
