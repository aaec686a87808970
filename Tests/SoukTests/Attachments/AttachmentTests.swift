import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("Attachments across apps")
struct AttachmentTests {
    let testApp = TestApp.forAddons()

    @Test(
        "Attaching shares the vars under the attachment's name, with a release; detaching takes them away",
        .soukDatabase)
    func attachAndDetach() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake, requires: ["attachable"])
                let user = try await api.createUser()
                let billing = try await api.createApp(key: user.key)
                let other = try await api.createApp(key: user.key)
                let addon = try await api.call(.post, "/apps/\(billing)/addons", key: user.key, json: ["plan": slug])
                    .object
                let addonName = try #require(addon["name"] as? String)
                let url = try #require(
                    try await api.call(.get, "/apps/\(billing)/config-vars", key: user.key).object["FAKE_URL"]
                        as? String)

                let attached = try await api.call(
                    .post, "/addon-attachments", key: user.key,
                    json: ["addon": addonName, "app": other, "name": "main-db"])
                #expect(attached.status == .created, "\(attached.text)")
                let attachment = attached.object
                #expect(attachment["name"] as? String == "MAIN_DB")
                #expect((attachment["app"] as? [String: Any])?["name"] as? String == other)
                #expect(
                    ((attachment["addon"] as? [String: Any])?["app"] as? [String: Any])?["name"] as? String == billing)
                #expect((attachment["web_url"] as? String)?.hasSuffix("/sso/open") == true)
                let id = try #require(attachment["id"] as? String)
                #expect(
                    try await api.call(.get, "/apps/\(other)/config-vars", key: user.key).object["MAIN_DB_URL"]
                        as? String == url)
                #expect(
                    try await api.call(.get, "/apps/\(other)/releases", key: user.key).array.last?["description"]
                        as? String
                        == "Attach MAIN_DB (\(addonName)) add-on")

                #expect(try await api.call(.get, "/addon-attachments/\(id)", key: user.key).status == .ok)
                #expect(
                    try await api.call(.get, "/apps/\(other)/addon-attachments/MAIN_DB", key: user.key).object["id"]
                        as? String == id)
                #expect(try await api.call(.get, "/apps/\(other)/addon-attachments", key: user.key).array.count == 1)
                #expect(
                    try await api.call(.get, "/addons/\(addonName)/addon-attachments", key: user.key).array.count == 2)
                #expect(try await api.call(.get, "/addon-attachments", key: user.key).array.count == 2)
                #expect(try await api.call(.get, "/apps/\(other)/addons", key: user.key).array.count == 1)

                // A plan change's config reaches every attachment, one release per app.
                fake.misbehave(.changePlan, times: 1, .config(.object(["FAKE_URL": .string("postgres://bigger")])))
                #expect(
                    try await api.call(
                        .patch, "/apps/\(billing)/addons/\(addonName)", key: user.key, json: ["plan": "\(slug):premium"]
                    ).status == .ok)
                #expect(
                    try await api.call(.get, "/apps/\(other)/config-vars", key: user.key).object["MAIN_DB_URL"]
                        as? String == "postgres://bigger")
                #expect(
                    try await api.call(.get, "/apps/\(billing)/config-vars", key: user.key).object["FAKE_URL"]
                        as? String == "postgres://bigger")

                let detached = try await api.call(.delete, "/addon-attachments/\(id)", key: user.key)
                #expect(detached.status == .ok)
                #expect(try await api.call(.get, "/apps/\(other)/config-vars", key: user.key).text == "{}")
                #expect(
                    try await api.call(.get, "/apps/\(other)/releases", key: user.key).array.last?["description"]
                        as? String
                        == "Detach MAIN_DB (\(addonName)) add-on")
                #expect(try await api.call(.get, "/addon-attachments/\(id)", key: user.key).status == .notFound)
            }
        }
    }

    @Test("One add-on attached twice to one app exposes both names; removing it clears every app", .soukDatabase)
    func twiceInOneApp() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake, requires: ["attachable"])
                let user = try await api.createUser()
                let billing = try await api.createApp(key: user.key)
                let other = try await api.createApp(key: user.key)
                let addon = try #require(
                    try await api.call(.post, "/apps/\(billing)/addons", key: user.key, json: ["plan": slug]).object[
                        "id"] as? String)
                #expect(
                    try await api.call(
                        .post, "/addon-attachments", key: user.key,
                        json: ["addon": addon, "app": billing, "name": "BACKUP"]
                    ).status == .created)
                #expect(
                    try await api.call(
                        .post, "/addon-attachments", key: user.key, json: ["addon": addon, "app": other]
                    ).status == .created)
                let config = try await api.call(.get, "/apps/\(billing)/config-vars", key: user.key).object
                #expect(Set(config.keys) == ["FAKE_URL", "BACKUP_URL"])
                #expect(try await api.call(.get, "/apps/\(other)/config-vars", key: user.key).object["FAKE_URL"] != nil)

                // The billing app's own attachment goes only with the add-on.
                let primary = try #require(
                    try await api.call(.get, "/apps/\(billing)/addon-attachments/FAKE", key: user.key).object["id"]
                        as? String)
                #expect(
                    try await api.call(.delete, "/addon-attachments/\(primary)", key: user.key).status
                        == .unprocessableContent)

                #expect(try await api.call(.delete, "/apps/\(billing)/addons/\(addon)", key: user.key).status == .ok)
                #expect(try await api.call(.get, "/apps/\(billing)/config-vars", key: user.key).text == "{}")
                #expect(try await api.call(.get, "/apps/\(other)/config-vars", key: user.key).text == "{}")
                #expect(try await api.call(.get, "/apps/\(other)/addon-attachments", key: user.key).array.isEmpty)
            }
        }
    }

    @Test("Sharing needs a shareable service, access to both apps, and confirmation to overwrite", .soukDatabase)
    func rules() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { unshareable in
                try await testApp.run { api in
                    let (shared, _) = try await Marketplace.registerHeroku(api, fake: fake, requires: ["attachable"])
                    let (unshared, _) = try await Marketplace.registerHeroku(api, fake: unshareable)
                    let user = try await api.createUser()
                    let stranger = try await api.createUser()
                    let billing = try await api.createApp(key: user.key)
                    let other = try await api.createApp(key: user.key)
                    let foreign = try await api.createApp(key: stranger.key)
                    let sharedAddon = try #require(
                        try await api.call(.post, "/apps/\(billing)/addons", key: user.key, json: ["plan": shared])
                            .object["id"] as? String)
                    let privateAddon = try #require(
                        try await api.call(
                            .post, "/apps/\(billing)/addons", key: user.key,
                            json: ["plan": unshared, "attachment": ["name": "PRIV"]]
                        ).object["id"] as? String)

                    #expect(
                        try await api.call(
                            .post, "/addon-attachments", key: user.key, json: ["addon": privateAddon, "app": other]
                        ).status == .unprocessableContent)
                    #expect(
                        try await api.call(
                            .post, "/addon-attachments", key: user.key, json: ["addon": sharedAddon, "app": foreign]
                        ).status == .notFound)
                    #expect(
                        try await api.call(
                            .post, "/addon-attachments", key: stranger.key,
                            json: ["addon": sharedAddon, "app": foreign]
                        ).status == .notFound)

                    _ = try await api.call(
                        .patch, "/apps/\(other)/config-vars", key: user.key, json: ["FAKE_URL": "mine"])
                    let clash = try await api.call(
                        .post, "/addon-attachments", key: user.key, json: ["addon": sharedAddon, "app": other])
                    #expect(clash.status == .conflict)
                    #expect(clash.errorID == "confirmation_required")
                    #expect(
                        try await api.call(.get, "/apps/\(other)/config-vars", key: user.key).object["FAKE_URL"]
                            as? String == "mine")
                    let confirmed = try await api.call(
                        .post, "/addon-attachments", key: user.key,
                        json: ["addon": sharedAddon, "app": other, "confirm": other])
                    #expect(confirmed.status == .created)
                    #expect(
                        try await api.call(.get, "/apps/\(other)/config-vars", key: user.key).object["FAKE_URL"]
                            as? String != "mine")
                    let sameName = try await api.call(
                        .post, "/addon-attachments", key: user.key, json: ["addon": sharedAddon, "app": other])
                    #expect(sameName.errorID == "confirmation_required")
                    #expect(
                        try await api.call(
                            .get, "/addon-attachments/\(confirmed.object["id"] as? String ?? "")", key: stranger.key
                        ).status == .notFound)
                    #expect(
                        try await api.call(
                            .delete, "/addon-attachments/\(confirmed.object["id"] as? String ?? "")", key: stranger.key
                        ).status == .notFound)
                }
            }
        }
    }
}
