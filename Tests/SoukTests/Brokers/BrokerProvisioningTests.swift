import Foundation
import HTTPTypes
import SoukCore
import Testing

/// Issue #13 against a real broker nobody here wrote: `openbrokerapi` from PyPI, unmodified.
@Suite("Open Service Brokers in the catalog")
struct BrokerProvisioningTests {
    let testApp = TestApp.forAddons()

    static func register(_ api: API, broker: OpenBrokerAPIBroker, key: String, name: String = "test-broker")
        async throws -> API.Response
    {
        try await api.call(
            .post, "/provider/brokers", key: key,
            json: ["name": name, "url": broker.url, "username": broker.username, "password": broker.password])
    }

    /// The openapi broker registered by a new provider, its `souk-test-db` service taken to `ga`, and a
    /// customer with an app: what the tests of customers' broker add-ons start from.
    static func customer(_ api: API, broker: OpenBrokerAPIBroker) async throws -> (key: String, app: String) {
        let provider = try await api.createUser()
        let registered = try await register(api, broker: broker, key: provider.key)
        guard registered.status == .created else { throw TestFailure("registration: \(registered.text)") }
        let promoted = try await api.call(
            .patch, "/admin/addon-services/souk-test-db", key: api.adminKey, json: ["state": "ga"])
        guard promoted.status == .ok else { throw TestFailure("promotion: \(promoted.text)") }
        let user = try await api.createUser()
        return (user.key, try await api.createApp(key: user.key))
    }

    @Test("A broker registers: each catalog service becomes an add-on service in alpha, with its plans", .soukDatabase)
    func registers() async throws {
        try await OpenBrokerAPIBroker.withBroker { broker in
            try await testApp.run { api in
                let provider = try await api.createUser()
                let registered = try await Self.register(api, broker: broker, key: provider.key)
                #expect(registered.status == .created, "\(registered.text)")
                let services = try #require(registered.object["services"] as? [[String: Any]])
                #expect(services.compactMap { $0["name"] as? String } == ["souk-test-db", "souk-test-queue"])
                #expect(registered.object["password"] == nil)
                let id = try #require(registered.object["id"] as? String)

                let service = try await api.call(.get, "/provider/addon-services/souk-test-db", key: provider.key)
                #expect(service.status == .ok)
                #expect(service.object["state"] as? String == "alpha")
                let plans = try await api.call(.get, "/provider/addon-services/souk-test-db/plans", key: provider.key)
                let prices = Dictionary(
                    uniqueKeysWithValues: plans.array.compactMap { plan -> (String, Int)? in
                        guard let name = plan["name"] as? String,
                            let cents = (plan["price"] as? [String: Any])?["cents"] as? Int
                        else { return nil }
                        return (name, cents)
                    })
                #expect(prices == ["souk-test-db:small": 0, "souk-test-db:large": 2500], "\(plans.text)")

                #expect(try await api.call(.get, "/provider/brokers", key: provider.key).array.count == 1)
                #expect(try await api.call(.get, "/provider/brokers/\(id)", key: provider.key).status == .ok)
                let stranger = try await api.createUser()
                #expect(try await api.call(.get, "/provider/brokers/\(id)", key: stranger.key).status == .notFound)
                #expect(try await api.call(.get, "/provider/brokers", key: stranger.key).array.isEmpty)
                let again = try await Self.register(api, broker: broker, key: provider.key)
                #expect(again.status == .conflict, "\(again.text)")
            }
        }
    }

    @Test("A broker that refuses Souk's credentials, or bad input, registers nothing", .soukDatabase)
    func refusals() async throws {
        try await OpenBrokerAPIBroker.withBroker { broker in
            try await testApp.run { api in
                let provider = try await api.createUser()
                let wrong = try await api.call(
                    .post, "/provider/brokers", key: provider.key,
                    json: ["name": "wrong", "url": broker.url, "username": broker.username, "password": "nope"])
                #expect(wrong.status == .badGateway, "\(wrong.text)")
                let missing = try await api.call(
                    .post, "/provider/brokers", key: provider.key, json: ["name": "Not A Slug", "url": "ftp://x"])
                #expect(missing.status == .unprocessableContent, "\(missing.text)")
                for field in ["name", "url", "username", "password"] {
                    #expect((missing.object["message"] as? String)?.contains(field) == true, "\(missing.text)")
                }
                #expect(try await api.call(.get, "/provider/brokers", key: provider.key).array.isEmpty)
                #expect(try await api.call(.get, "/provider/addon-services", key: provider.key).array.isEmpty)

                let catalog = try await api.call(
                    .post, "/provider/manifests", key: provider.key,
                    json: ["services": [["id": "x", "name": "x", "bindable": true, "plans": []]]])
                #expect(catalog.status == .unprocessableContent)
                #expect((catalog.object["message"] as? String)?.contains("POST /provider/brokers") == true)
            }
        }
    }

    @Test(
        "A customer installs a broker's add-on: instance and binding, credentials as config; removal unbinds and deletes",
        .soukDatabase)
    func installAndRemove() async throws {
        try await OpenBrokerAPIBroker.withBroker { broker in
            try await testApp.run { api in
                let provider = try await api.createUser()
                #expect(try await Self.register(api, broker: broker, key: provider.key).status == .created)
                let promoted = try await api.call(
                    .patch, "/admin/addon-services/souk-test-db", key: api.adminKey, json: ["state": "ga"])
                #expect(promoted.status == .ok, "\(promoted.text)")

                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let appID = try #require(
                    try await api.call(.get, "/apps/\(app)", key: user.key).object["id"] as? String)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key,
                    json: ["plan": "souk-test-db:small", "attachment": ["name": "DB"], "config": ["size": "s"]])
                #expect(created.status == .created, "\(created.text)")
                #expect(created.object["state"] as? String == "provisioned")
                let id = try #require(created.object["id"] as? String)

                let state = try await broker.instances()
                let instance = try #require(state["instances"]?[id])
                #expect(instance["service_id"]?.stringValue == OpenBrokerAPIBroker.databaseServiceID)
                #expect(instance["plan_id"]?.stringValue == OpenBrokerAPIBroker.smallPlanID)
                #expect(instance["space_guid"]?.stringValue == appID)
                #expect(instance["organization_guid"]?.stringValue == user.id)
                #expect(instance["parameters"]?["size"]?.stringValue == "s")
                #expect(instance["context"]?["platform"]?.stringValue == "souk")
                #expect(state["bindings"]?[id]?["app_guid"]?.stringValue == appID)

                let config = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object
                let uri = try #require(config["DB_URI"] as? String)
                #expect(uri == "postgres://u:p@db.test:5432/\(id)")
                #expect(config["DB_URL"] as? String == uri)
                #expect(config["DB_PORT"] as? String == "5432")
                #expect((config["DB_USERNAME"] as? String)?.hasPrefix("u-") == true)
                #expect(config["DB_PASSWORD"] != nil)

                // The instance's own dashboard is where single sign-on leads: a link, no token.
                let sso = try await api.call(.get, "/apps/\(app)/addons/\(id)/sso", key: user.key)
                #expect(sso.status == .ok, "\(sso.text)")
                #expect(sso.object["method"] as? String == "get")
                #expect(sso.object["action"] as? String == "\(broker.url)/dashboard/\(id)")

                let calls = try await api.call(
                    .get, "/provider/addon-services/souk-test-db/calls", key: provider.key)
                #expect(calls.array.count == 2, "the instance and its binding: \(calls.text)")

                let removed = try await api.call(.delete, "/apps/\(app)/addons/\(id)", key: user.key)
                #expect(removed.status == .ok, "\(removed.text)")
                #expect(
                    try await eventually {
                        let state = try await broker.instances()
                        return state["instances"]?[id] == nil && state["bindings"]?[id] == nil
                    })
                let after = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object
                #expect(after.keys.filter { $0.hasPrefix("DB_") }.isEmpty, "\(after)")
            }
        }
    }

    @Test("A service that is not bindable provisions with no config vars", .soukDatabase)
    func notBindable() async throws {
        try await OpenBrokerAPIBroker.withBroker { broker in
            try await testApp.run { api in
                let provider = try await api.createUser()
                #expect(try await Self.register(api, broker: broker, key: provider.key).status == .created)
                _ = try await api.call(
                    .patch, "/admin/addon-services/souk-test-queue", key: api.adminKey, json: ["state": "ga"])
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key, json: ["plan": "souk-test-queue:basic"])
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created.object["id"] as? String)
                let state = try await broker.instances()
                #expect(state["instances"]?[id] != nil)
                #expect(state["bindings"]?.objectValue?.isEmpty == true)
                let config = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object
                #expect(config.isEmpty, "\(config)")
                #expect(try await api.call(.delete, "/apps/\(app)/addons/\(id)", key: user.key).status == .ok)
                #expect(try await eventually { try await broker.instances()["instances"]?[id] == nil })
            }
        }
    }
}
