import Configuration
import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("Asynchronous provisioning and the partner API")
struct PartnerAPITests {
    let testApp = TestApp.forAddons()

    @Test(
        "A 202 leaves the add-on provisioning; the provider's config is stored, then released when it is done",
        .soukDatabase)
    func asyncProvisioning() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                fake.misbehave(.provision, times: 1, .accepted)
                let created = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                #expect(created.status == .created)
                #expect(created.object["state"] as? String == "provisioning")
                let id = try #require(created.object["id"] as? String)
                let provider = Marketplace.basic(slug, fake.password)

                let read = try await api.call(.get, "/addons/\(id)", key: nil, headers: [.authorization: provider])
                #expect(read.status == .ok)
                #expect(read.object["state"] as? String == "provisioning")

                let stored = try await api.call(
                    .patch, "/addons/\(id)/config", key: nil,
                    body: #"{"config": [{"name": "FAKE_URL", "value": "redis://ready"}]}"#,
                    headers: [.authorization: provider])
                #expect(stored.status == .ok, "\(stored.text)")
                #expect(try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).text == "{}")
                #expect(try await api.call(.get, "/apps/\(app)/releases", key: user.key).array.count == 1)

                let done = try await api.call(
                    .post, "/addons/\(id)/actions/provision", key: nil, headers: [.authorization: provider])
                #expect(done.status == .ok)
                #expect(done.object["state"] as? String == "provisioned")
                #expect(
                    try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object["FAKE_URL"] as? String
                        == "redis://ready")
                #expect(try await api.call(.get, "/apps/\(app)/releases", key: user.key).array.count == 2)

                // Afterwards a config change releases at once; null removes.
                let updated = try await api.call(
                    .patch, "/addons/\(id)/config", key: nil,
                    body: #"{"config": [{"name": "FAKE_URL", "value": "redis://moved"}]}"#,
                    headers: [.authorization: provider])
                #expect(updated.status == .ok)
                #expect(
                    try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object["FAKE_URL"] as? String
                        == "redis://moved")
                let undeclared = try await api.call(
                    .patch, "/addons/\(id)/config", key: nil, body: #"{"config": [{"name": "OTHER", "value": "x"}]}"#,
                    headers: [.authorization: provider])
                #expect(undeclared.status == .unprocessableContent)
                let removed = try await api.call(
                    .patch, "/addons/\(id)/config", key: nil,
                    body: #"{"config": [{"name": "FAKE_URL", "value": null}]}"#, headers: [.authorization: provider])
                #expect(removed.status == .ok)
                #expect(try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).text == "{}")
            }
        }
    }

    @Test(
        "An add-on still provisioning at its deadline fails: deprovisioned, and the provider told to remove it",
        .soukDatabase)
    func provisioningDeadline() async throws {
        let impatient = {
            var app = TestApp.forAddons()
            app.overrides["souk.addons.provisioningTimeoutSeconds"] = .init(.double(0.3), isSecret: false)
            return app
        }()
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await impatient.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                fake.misbehave(.provision, times: 1, .accepted)
                let created = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                #expect(created.object["state"] as? String == "provisioning")
                #expect(try await eventually { fake.resources.isEmpty && fake.requests(for: .deprovision).count == 1 })
                #expect(try await api.call(.get, "/apps/\(app)/addons", key: user.key).array.isEmpty)
                let id = try #require(created.object["id"] as? String)
                let late = try await api.call(
                    .post, "/addons/\(id)/actions/provision", key: nil,
                    headers: [.authorization: Marketplace.basic(slug, fake.password)])
                #expect(late.status == .conflict)
            }
        }
    }

    @Test("The oauth_grant code buys a Bearer token for that add-on only, once", .soukDatabase)
    func oauthExchange() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake, requires: ["many_per_app"])
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                fake.misbehave(.provision, times: 1, .accepted)
                let id = try #require(
                    try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug]).object["id"]
                        as? String)
                let other = try #require(
                    try await api.call(
                        .post, "/apps/\(app)/addons", key: user.key,
                        json: ["plan": slug, "attachment": ["name": "OTHER"]]
                    ).object["id"] as? String)
                let code = try #require(
                    fake.requests(for: .provision).first?.json?["oauth_grant"]?["code"]?.stringValue)

                let wrongSecret = try await api.call(
                    .post, "/oauth/token?grant_type=authorization_code&code=\(code)&client_secret=nope", key: nil)
                #expect(wrongSecret.status == .unauthorized)
                let form = "grant_type=authorization_code&code=\(code)&client_secret=\(fake.password)"
                let exchanged = try await api.call(
                    .post, "/oauth/token", key: nil, bytes: Array(form.utf8),
                    headers: [.contentType: "application/x-www-form-urlencoded"])
                #expect(exchanged.status == .ok, "\(exchanged.text)")
                let token = try #require(exchanged.object["access_token"] as? String)
                #expect(exchanged.object["token_type"] as? String == "Bearer")
                #expect(
                    try await api.call(
                        .post, "/oauth/token", key: nil, bytes: Array(form.utf8),
                        headers: [.contentType: "application/x-www-form-urlencoded"]
                    ).status == .unauthorized)

                #expect(
                    try await api.call(.get, "/addons/\(id)", key: nil, headers: [.authorization: "Bearer \(token)"])
                        .status == .ok)
                #expect(
                    try await api.call(.get, "/addons/\(other)", key: nil, headers: [.authorization: "Bearer \(token)"])
                        .status == .notFound)

                let refresh = try #require(exchanged.object["refresh_token"] as? String)
                let refreshed = try await api.call(
                    .post, "/oauth/token", key: nil,
                    json: [
                        "grant_type": "refresh_token", "refresh_token": refresh, "client_secret": fake.password,
                    ])
                #expect(refreshed.status == .ok)
            }
        }
    }

    @Test("Providers see only their own add-ons, and only with the right credentials", .soukDatabase)
    func partnerAuthentication() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { rival in
                try await testApp.run { api in
                    let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                    let (rivalSlug, _) = try await Marketplace.registerHeroku(api, fake: rival)
                    let user = try await api.createUser()
                    let app = try await api.createApp(key: user.key)
                    let id = try #require(
                        try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug]).object[
                            "id"] as? String)
                    #expect(
                        try await api.call(
                            .get, "/addons/\(id)", key: nil, headers: [.authorization: Marketplace.basic(slug, "wrong")]
                        ).status == .unauthorized)
                    #expect(
                        try await api.call(
                            .get, "/addons/\(id)", key: nil,
                            headers: [.authorization: Marketplace.basic("nobody", fake.password)]
                        ).status == .unauthorized)
                    #expect(
                        try await api.call(
                            .get, "/addons/\(id)", key: nil,
                            headers: [.authorization: Marketplace.basic(rivalSlug, rival.password)]
                        ).status == .notFound)
                    #expect(
                        try await api.call(
                            .post, "/addons/\(id)/actions/deprovision", key: nil,
                            headers: [.authorization: Marketplace.basic(rivalSlug, rival.password)]
                        ).status == .notFound)
                    #expect(
                        try await api.call(.patch, "/addons/\(id)/config", key: user.key, body: #"{"config": []}"#)
                            .status == .unauthorized)
                    #expect(
                        try await api.call(
                            .get, "/addons/\(id)/config", key: nil,
                            headers: [.authorization: Marketplace.basic(slug, fake.password)]
                        ).status == .ok)
                }
            }
        }
    }

    @Test("A provider's own deprovision removes the add-on without a call back", .soukDatabase)
    func providerDeprovision() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let id = try #require(
                    try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug]).object["id"]
                        as? String)
                let gone = try await api.call(
                    .post, "/addons/\(id)/actions/deprovision", key: nil,
                    headers: [.authorization: Marketplace.basic(slug, fake.password)])
                #expect(gone.status == .ok)
                #expect(gone.object["state"] as? String == "deprovisioned")
                #expect(try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).text == "{}")
                try await Task.sleep(for: .milliseconds(300))
                #expect(fake.requests(for: .deprovision).isEmpty)
            }
        }
    }

    @Test("Scalingo providers list their apps and complete a provisioning by sending its config", .soukDatabase)
    func scalingoPartner() async throws {
        try await FakeProvider.run(flavour: .scalingo, username: "fake-user") { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerScalingo(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                fake.misbehave(.provision, times: 1, .accepted)
                let id = try #require(
                    try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug]).object["id"]
                        as? String)
                let provider = Marketplace.basic("fake-user", fake.password)
                let list = try await api.call(
                    .get, "/v1/provider/apps?page=1&per_page=10", key: nil, headers: [.authorization: provider])
                #expect(list.status == .ok)
                let apps = try #require(list.object["apps"] as? [[String: Any]])
                #expect(apps.compactMap { $0["app_id"] as? String } == [id])
                #expect(
                    ((list.object["meta"] as? [String: Any])?["pagination"] as? [String: Any])?["total_count"] as? Int
                        == 1)

                let patched = try await api.call(
                    .patch, "/v1/provider/apps/\(id)", key: nil, body: #"{"config": {"FAKE_URL": "amqp://ok"}}"#,
                    headers: [.authorization: provider])
                #expect(patched.status == .ok, "\(patched.text)")
                #expect((patched.object["app"] as? [String: Any])?["owner_email"] as? String == user.email)
                #expect(
                    try await api.call(.get, "/apps/\(app)/addons/\(id)", key: user.key).object["state"] as? String
                        == "provisioned")
                #expect(
                    try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object["FAKE_URL"] as? String
                        == "amqp://ok")
            }
        }
    }
}
