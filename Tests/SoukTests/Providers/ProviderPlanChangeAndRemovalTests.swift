import Foundation
import Logging
import SoukCore
import SoukProviders
import Testing

@Suite("Plan changes and removals")
struct ProviderPlanChangeAndRemovalTests {
    static let flavours = [ManifestFlavour.heroku, .scalingo]

    /// Provisions through the fake, then runs `body` with the provider id.
    static func withResource<T>(
        _ flavour: ManifestFlavour,
        _ body: (FakeProvider, any ProviderClient, String, UUID) async throws -> T
    ) async throws -> T {
        try await FakeProvider.withClient(flavour) { fake, client in
            let request = ProvisionRequest.fixture()
            let id = try await client.provision(request, at: fake.endpoint, logger: .quiet).result.get().providerID
            return try await body(fake, client, id, request.uuid)
        }
    }

    @Test("A plan change answered with config returns it", arguments: flavours)
    func planChangeWithConfig(flavour: ManifestFlavour) async throws {
        try await Self.withResource(flavour) { fake, client, id, uuid in
            let exchange = await client.changePlan(
                providerID: id, uuid: uuid, plan: "premium", options: [:], at: fake.endpoint, logger: .quiet
            )
            let result = try exchange.result.get()
            #expect(result.config == ["FAKE_URL": .string("https://\(id).fake.test/premium")])
            #expect(result.message == "Now on premium")
            #expect(exchange.call.method == "PUT")
            #expect(exchange.call.url == "\(fake.baseURL)/\(id)")
            #expect(fake.resources.first?.plan == "premium")
        }
    }

    @Test(
        "Any 2xx plan change succeeds; bodies without a JSON object carry nothing",
        arguments: [
            (200, "ok"), (200, "Ok"), (200, ""), (200, "{}"), (202, #"{"message": "Changing"}"#), (204, ""),
            (200, #""ok""#), (200, "[]"), (200, "<html>fine</html>"),
        ]
    )
    func planChangeBodies(status: Int, body: String) async throws {
        for flavour in Self.flavours {
            try await Self.withResource(flavour) { fake, client, id, uuid in
                fake.misbehave(.changePlan, .reply(status: status, body: body, contentType: "text/plain"))
                let exchange = await client.changePlan(
                    providerID: id, uuid: uuid, plan: "premium", options: [:], at: fake.endpoint, logger: .quiet
                )
                let result = try exchange.result.get()
                #expect(result.config == nil)
                #expect(result.message == (status == 202 ? "Changing" : nil))
            }
        }
    }

    @Test("A refused plan change keeps the provider's message", arguments: flavours)
    func refusedPlanChange(flavour: ManifestFlavour) async throws {
        try await Self.withResource(flavour) { fake, client, id, uuid in
            fake.misbehave(.changePlan, .reply(status: 422, body: #"{"error": "Downgrades are not supported"}"#))
            let exchange = await client.changePlan(
                providerID: id, uuid: uuid, plan: "hobby", options: [:], at: fake.endpoint, logger: .quiet
            )
            #expect(exchange.result.failure == .refused(status: 422, message: "Downgrades are not supported"))
        }
    }

    @Test("A plan change for an unknown id is a 404 refusal", arguments: flavours)
    func unknownPlanChange(flavour: ManifestFlavour) async throws {
        try await FakeProvider.withClient(flavour) { fake, client in
            let exchange = await client.changePlan(
                providerID: "nope", uuid: UUID(), plan: "basic", options: [:], at: fake.endpoint, logger: .quiet
            )
            #expect(exchange.result.failure == .refused(status: 404, message: "Unknown resource"))
        }
    }

    @Test("Removal: 204 removes, a repeat is 410 and an unknown id 404, both already gone", arguments: flavours)
    func removal(flavour: ManifestFlavour) async throws {
        try await Self.withResource(flavour) { fake, client, id, uuid in
            let first = await client.deprovision(providerID: id, uuid: uuid, at: fake.endpoint, logger: .quiet)
            #expect(first.result == .success(.removed))
            #expect(first.call.status == 204)
            #expect(fake.resources.isEmpty)
            let repeated = await client.deprovision(providerID: id, uuid: uuid, at: fake.endpoint, logger: .quiet)
            #expect(repeated.result == .success(.alreadyGone))
            #expect(repeated.call.status == 410)
            let unknown = await client.deprovision(providerID: "nope", uuid: uuid, at: fake.endpoint, logger: .quiet)
            #expect(unknown.result == .success(.alreadyGone))
            #expect(unknown.call.status == 404)
        }
    }

    @Test(
        "Removal answers as real providers send them",
        arguments: [
            (200, "ok", DeprovisionResult.removed), (200, "", .removed), (200, #"{"message": "bye"}"#, .removed),
            (204, "", .removed), (202, "", .accepted), (404, "<html>Not Found</html>", .alreadyGone),
            (410, "", .alreadyGone),
        ]
    )
    func removalAnswers(status: Int, body: String, expected: DeprovisionResult) async throws {
        for flavour in Self.flavours {
            try await Self.withResource(flavour) { fake, client, id, uuid in
                fake.misbehave(.deprovision, .reply(status: status, body: body, contentType: "text/html"))
                let exchange = await client.deprovision(providerID: id, uuid: uuid, at: fake.endpoint, logger: .quiet)
                #expect(exchange.result == .success(expected))
            }
        }
    }

    @Test("Removal failures: 400 is a refusal, 401 unauthorized, 500 failed")
    func removalFailures() async throws {
        try await Self.withResource(.heroku) { fake, client, id, uuid in
            fake.misbehave(
                .deprovision, times: 1, .reply(status: 400, body: #"{"error": "storage error", "status": 400}"#))
            fake.misbehave(.deprovision, times: 1, .reply(status: 500, body: "boom", contentType: "text/plain"))
            let refused = await client.deprovision(providerID: id, uuid: uuid, at: fake.endpoint, logger: .quiet)
            #expect(refused.result.failure == .refused(status: 400, message: "storage error"))
            let failed = await client.deprovision(providerID: id, uuid: uuid, at: fake.endpoint, logger: .quiet)
            #expect(failed.result.failure == .failed(status: 500, message: "boom"))
            var wrong = fake.endpoint
            wrong.password = "wrong"
            let unauthorized = await client.deprovision(providerID: id, uuid: uuid, at: wrong, logger: .quiet)
            #expect(unauthorized.result.failure == .unauthorized)
            let removed = await client.deprovision(providerID: id, uuid: uuid, at: fake.endpoint, logger: .quiet)
            #expect(removed.result == .success(.removed))
        }
    }
}
