import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("Broker add-ons change plans, and say who asked")
struct BrokerPlanChangeTests {
    let testApp = TestApp.forAddons()

    @Test("A plan change is a PATCH with the new plan's catalog id; the add-on moves to it", .soukDatabase)
    func changes() async throws {
        try await OpenBrokerAPIBroker.withBroker { broker in
            try await testApp.run { api in
                let (key, app) = try await BrokerProvisioningTests.customer(api, broker: broker)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "souk-test-db:small"])
                let id = try #require(created.object["id"] as? String, "\(created.text)")
                let changed = try await api.call(
                    .patch, "/apps/\(app)/addons/\(id)", key: key, json: ["plan": "souk-test-db:large"])
                #expect(changed.status == .ok, "\(changed.text)")
                #expect((changed.object["plan"] as? [String: Any])?["name"] as? String == "souk-test-db:large")
                let instance = try await broker.instances()["instances"]?[id]
                #expect(instance?["plan_id"]?.stringValue == OpenBrokerAPIBroker.largePlanID)
                #expect(
                    try await api.call(.get, "/apps/\(app)/config-vars", key: key).object["SOUK_TEST_DB_URI"]
                        != nil)
            }
        }
    }

    @Test("A service that is not plan_updateable is refused with a 422 before any call", .soukDatabase)
    func notUpdateable() async throws {
        try await FakeBroker.run(planUpdateable: false) { broker in
            try await testApp.run { api in
                let (key, app) = try await BrokerOrphanMitigationTests.marketplace(api, broker: broker)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
                let id = try #require(created.object["id"] as? String, "\(created.text)")
                let changed = try await api.call(
                    .patch, "/apps/\(app)/addons/\(id)", key: key, json: ["plan": "\(broker.slug):large"])
                #expect(changed.status == .unprocessableContent, "\(changed.text)")
                #expect((changed.object["message"] as? String)?.contains("plan changes") == true)
                #expect(broker.requests(for: .update).isEmpty)
            }
        }
    }

    @Test("Calls a customer caused name the account; every call names the request", .soukDatabase)
    func identities() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app) = try await BrokerOrphanMitigationTests.marketplace(api, broker: broker)
                let account = try await api.call(.get, "/account", key: key).object["id"] as? String
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
                #expect(created.status == .created, "\(created.text)")
                let provision = try #require(broker.requests(for: .provision).first)
                let identity = try #require(provision.headers[HTTPField.Name("X-Broker-API-Originating-Identity")!])
                #expect(identity.hasPrefix("souk "))
                let decoded = Data(base64Encoded: String(identity.dropFirst("souk ".count))).flatMap {
                    try? JSONDecoder().decode([String: String].self, from: $0)
                }
                #expect(decoded?["user_id"] == account)
                #expect(provision.headers[HTTPField.Name("X-Broker-API-Request-Identity")!]?.isEmpty == false)
            }
        }
    }

    @Test("A dashboard_url that is not http or https is dropped: no single sign-on leads there", .soukDatabase)
    func unsafeDashboard() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app) = try await BrokerOrphanMitigationTests.marketplace(api, broker: broker)
                broker.answerDashboard("javascript:alert(1)")
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
                let id = try #require(created.object["id"] as? String, "\(created.text)")
                let sso = try await api.call(.get, "/apps/\(app)/addons/\(id)/sso", key: key)
                #expect(sso.status == .unprocessableContent, "\(sso.text)")
                #expect(!sso.text.contains("javascript"))
            }
        }
    }
}

@Suite("A broker busy with another operation")
struct BrokerConcurrencyTests {
    let testApp = TestApp.forAddons()

    @Test("422 ConcurrencyError is not a refusal: the plan change is retried and lands", .soukDatabase)
    func retried() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app, id) = try await BrokerSharingTests.provisioned(api, broker: broker)
                broker.fail(
                    .update, with: .status(422, #"{"error": "ConcurrencyError", "description": "busy"}"#))
                let changed = try await api.call(
                    .patch, "/apps/\(app)/addons/\(id)", key: key, json: ["plan": "\(broker.slug):large"])
                #expect(changed.status.code >= 500, "\(changed.text)")
                #expect((changed.object["message"] as? String)?.contains("retry") == true, "\(changed.text)")
                #expect(
                    try await eventually {
                        let addon = try await api.call(.get, "/apps/\(app)/addons/\(id)", key: key).object
                        return (addon["plan"] as? [String: Any])?["name"] as? String == "\(broker.slug):large"
                    })
                #expect(broker.requests(for: .update).count == 2)
            }
        }
    }
}
