import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("Provisioning against real HTTP providers")
struct ProvisioningTests {
    let testApp = TestApp.forAddons()

    @Test(
        "A Heroku provider provisions synchronously: vars arrive under the attachment name in one release",
        .soukDatabase)
    func herokuSync() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key,
                    json: [
                        "plan": "\(slug):basic", "attachment": ["name": "PRIMARY_DB"], "config": ["size": "small"],
                        "name": "my-db-\(app)",
                    ])
                #expect(created.status == .created, "\(created.text)")
                let addon = created.object
                #expect(addon["state"] as? String == "provisioned")
                #expect(addon["name"] as? String == "my-db-\(app)")
                #expect((addon["plan"] as? [String: Any])?["name"] as? String == "\(slug):basic")
                #expect((addon["addon_service"] as? [String: Any])?["name"] as? String == slug)
                #expect((addon["app"] as? [String: Any])?["name"] as? String == app)
                #expect(addon["config_vars"] as? [String] == ["PRIMARY_DB_URL"])
                let id = try #require(addon["id"] as? String)

                let request = try #require(fake.requests(for: .provision).first)
                let body = try #require(request.json)
                #expect(body["uuid"]?.stringValue == id)
                #expect(body["plan"]?.stringValue == "basic")
                #expect(body["name"]?.stringValue == "my-db-\(app)")
                #expect(body["region"]?.stringValue == "amazon-web-services::us-east-1")
                #expect(body["options"]?["size"]?.stringValue == "small")
                #expect(body["callback_url"]?.stringValue == "http://souk.test/addons/\(id)")
                #expect(body["oauth_grant"]?["code"]?.stringValue?.isEmpty == false)
                #expect(request.header("Authorization") == Marketplace.basic(slug, fake.password))
                #expect(addon["provider_id"] as? String == fake.resources.first?.id)

                let config = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object
                #expect(config["PRIMARY_DB_URL"] as? String == fake.resources.first?.config["FAKE_URL"]?.stringValue)
                let releases = try await api.call(.get, "/apps/\(app)/releases", key: user.key).array
                #expect(releases.last?["description"] as? String == "Attach PRIMARY_DB (my-db-\(app)) add-on")
                #expect(releases.count == 2)

                #expect(try await api.call(.get, "/apps/\(app)/addons", key: user.key).array.count == 1)
                #expect(try await api.call(.get, "/addons/my-db-\(app)", key: user.key).object["id"] as? String == id)
                #expect(try await api.call(.get, "/apps/\(app)/addons/\(id)", key: user.key).status == .ok)
                #expect(try await api.call(.get, "/addons", key: user.key).array.count == 1)
                let stranger = try await api.createUser()
                #expect(try await api.call(.get, "/addons/\(id)", key: stranger.key).status == .notFound)
            }
        }
    }

    @Test("A Scalingo provider gets its own wire format; its plan options travel along", .soukDatabase)
    func scalingoSync() async throws {
        try await FakeProvider.run(flavour: .scalingo, username: "fake-user") { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerScalingo(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key, json: ["plan": "\(slug):premium"])
                #expect(created.status == .created, "\(created.text)")
                let body = try #require(fake.requests(for: .provision).first?.json)
                #expect(body["plan"]?.stringValue == "premium")
                #expect(body["app_id"]?.stringValue == created.object["id"] as? String)
                #expect(body["options"]?["size"]?.stringValue == "large")
                let config = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object
                #expect(config["FAKE_URL"] != nil)
            }
        }
    }

    @Test("Plans are named as service:plan, by id, by object, or by service alone for the default", .soukDatabase)
    func planForms() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake, requires: ["many_per_app"])
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let byService = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                #expect((byService.object["plan"] as? [String: Any])?["name"] as? String == "\(slug):basic")
                let premiumID = try #require(
                    try await api.call(.get, "/addon-services/\(slug)/plans/premium", key: user.key).object["id"]
                        as? String
                )
                let byID = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key,
                    json: [
                        "plan": premiumID, "attachment": ["name": "SECOND"],
                    ])
                #expect((byID.object["plan"] as? [String: Any])?["name"] as? String == "\(slug):premium")
                let byObject = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key,
                    json: [
                        "plan": ["name": "\(slug):premium"], "attachment": ["name": "third"],
                    ])
                #expect(byObject.status == .created)
                #expect(byObject.object["config_vars"] as? [String] == ["THIRD_URL"])

                for plan in ["\(slug):nope", "no-such-service", UUID().uuidString] {
                    let refused = try await api.call(
                        .post, "/apps/\(app)/addons", key: user.key, json: ["plan": plan, "attachment": ["name": "X"]])
                    #expect(refused.status == .unprocessableContent, "\(plan)")
                }
                #expect(
                    try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": 5]).status
                        == .unprocessableContent)
                #expect(
                    try await api.call(
                        .post, "/apps/\(app)/addons", key: user.key,
                        json: [
                            "plan": slug, "attachment": ["name": "9bad"],
                        ]
                    ).status == .unprocessableContent)
                #expect(
                    try await api.call(
                        .post, "/apps/\(app)/addons", key: user.key,
                        json: [
                            "plan": slug, "attachment": ["name": "OPTS"], "config": ["bad key": "x"],
                        ]
                    ).status == .unprocessableContent)
                #expect(fake.requests(for: .provision).count == 3)
            }
        }
    }

    @Test("Only services that allow it are installed twice in one app", .soukDatabase)
    func onePerApp() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                #expect(
                    try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug]).status
                        == .created)
                let second = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key,
                    json: [
                        "plan": slug, "attachment": ["name": "OTHER"],
                    ])
                #expect(second.status == .unprocessableContent)
                #expect(fake.requests(for: .provision).count == 1)
            }
        }
    }

    @Test("Overwriting a var the user set needs confirm equal to the app's name", .soukDatabase)
    func confirmation() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["FAKE_URL": "mine"])
                let unconfirmed = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                #expect(unconfirmed.status == .conflict)
                #expect(unconfirmed.errorID == "confirmation_required")
                let wrong = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug, "confirm": "other-app"])
                #expect(wrong.status == .unprocessableContent)
                #expect(fake.requests(for: .provision).isEmpty)
                #expect(
                    try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object["FAKE_URL"] as? String
                        == "mine")

                let confirmed = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug, "confirm": app])
                #expect(confirmed.status == .created)
                #expect(
                    try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object["FAKE_URL"] as? String
                        != "mine")
            }
        }
    }

    @Test("A provider's refusal is a 422 with its message, and leaves no add-on and no change", .soukDatabase)
    func refusal() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                fake.misbehave(.provision, times: 1, .reply(status: 422, body: #"{"message": "Region not supported"}"#))
                let refused = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                #expect(refused.status == .unprocessableContent)
                #expect(refused.object["message"] as? String == "Region not supported")
                #expect(try await api.call(.get, "/apps/\(app)/addons", key: user.key).array.isEmpty)
                #expect(try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).text == "{}")
                #expect(try await api.call(.get, "/apps/\(app)/releases", key: user.key).array.count == 1)
                try await Task.sleep(for: .milliseconds(300))
                #expect(fake.requests(for: .deprovision).isEmpty)
            }
        }
    }

    @Test(
        "A provider that fails, hangs or sends garbage leaves no add-on, and what it may have created is removed",
        .soukDatabase,
        arguments: ["500", "hang", "garbage", "close", "no-id"]
    )
    func orphanMitigation(failure: String) async throws {
        // The hang must outlast the call timeout; every other case gets the default, which an answer sent
        // at once always meets. A long lease: on a loaded machine the request's own job must not pass to a
        // runner while the request still waits (the runner's replay would then provision the add-on).
        let testApp = failure == "hang" ? TestApp.forAddons(lease: 60, timeout: 3) : testApp
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                switch failure {
                case "500":
                    fake.misbehave(
                        .provision, times: 1, .reply(status: 500, body: "<html>oops</html>", contentType: "text/html"))
                case "hang": fake.misbehave(.provision, times: 1, .hang(.seconds(6)))
                case "garbage": fake.misbehave(.provision, times: 1, .garbage)
                case "close": fake.misbehave(.provision, times: 1, .closeConnection)
                default: fake.misbehave(.provision, times: 1, .id(nil))
                }
                let failed = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                // What happened decides the answer: an HTTP error or an unusable answer (502, with the
                // provider's status), no answer at all (503), or none in time (504).
                let (status, errorID, providerStatus): (HTTPResponse.Status, String, Int?) =
                    switch failure {
                    case "500": (.badGateway, "provider_error", 500)
                    case "hang": (.gatewayTimeout, "provider_timeout", nil)
                    case "garbage": (.badGateway, "provider_error", 201)
                    case "close": (.serviceUnavailable, "provider_unavailable", nil)
                    default: (.badGateway, "provider_error", 201)
                    }
                #expect(failed.status == status, "\(failed.text)")
                #expect(failed.errorID == errorID)
                #expect(failed.object["provider_status"] as? Int == providerStatus)
                #expect((failed.object["message"] as? String)?.contains("No add-on was created") == true)
                #expect(!failed.text.contains("<html>"))
                #expect(try await api.call(.get, "/apps/\(app)/addons", key: user.key).array.isEmpty)
                #expect(try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).text == "{}")

                // The runner asks again with the same uuid, learns the id, and removes the resource.
                #expect(try await eventually { fake.resources.isEmpty && !fake.requests(for: .deprovision).isEmpty })
                let uuids = Set(fake.requests(for: .provision).compactMap { $0.json?["uuid"]?.stringValue })
                #expect(uuids.count == 1)
                #expect(fake.requests(for: .provision).count >= 2)
            }
        }
    }

    @Test("Undeclared config keys and non-string values never reach the app, and the call records why", .soukDatabase)
    func undeclaredConfig() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, providerKey) = try await Marketplace.registerHeroku(
                    api, fake: fake, configVars: ["FAKE_URL", "FAKE_PORT"])
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                fake.misbehave(
                    .provision, times: 1,
                    .config(
                        .object([
                            "FAKE_URL": .string("postgres://x"), "FAKE_PORT": .number(5432),
                            "SNEAKY_VAR": .string("evil"),
                        ])))
                #expect(
                    try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug]).status
                        == .created)
                let config = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object
                #expect(config as NSDictionary == ["FAKE_URL": "postgres://x"] as NSDictionary)
                let calls = try await api.call(.get, "/provider/addon-services/\(slug)/calls", key: providerKey).array
                let warnings = calls.first?["warnings"] as? [String] ?? []
                #expect(warnings.contains { $0.contains("SNEAKY_VAR") })
                #expect(warnings.contains { $0.contains("FAKE_PORT") })
                #expect(calls.first?["status"] as? Int == 201)
                let url = calls.first?["url"] as? String ?? ""
                #expect(url.hasSuffix("/heroku/resources") && !url.contains(fake.password))
            }
        }
    }
}
