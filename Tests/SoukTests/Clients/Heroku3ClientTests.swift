import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("heroku3, the Python client of Heroku's Platform API, unmodified, against Souk")
struct Heroku3ClientTests {
    let testApp = TestApp.forAddons()

    @Test(
        "a customer's session: apps, config vars, releases and a rollback, a collaborator, an add-on installed, moved to another plan and removed",
        .soukDatabase
    )
    func session() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await LiveSouk.run(testApp) { baseURL, api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let collaborator = try await api.createUser()
                let name = API.uniqueAppName()
                let earlier = try await api.createApp(key: user.key, name: name + "-a")
                let app = name + "-b"

                let report = try await Heroku3Client.session(
                    baseURL: baseURL, key: user.key, app: app, plan: "\(slug):basic", otherPlan: "\(slug):premium",
                    collaborator: collaborator.email)

                #expect(report["errors"] as? [String: String] == [:], "\(report["errors"] ?? "no errors key")")
                #expect(report["account_email"] as? String == user.email)
                #expect((report["rate_limit_remaining"] as? Int ?? 0) > 0)
                let created = report["created"] as? [String: String]
                #expect(created?["name"] == app && created?["region"] == "us")
                #expect(Set(report["apps"] as? [String] ?? []) == [earlier, app])
                #expect(report["apps_by_name_desc"] as? [String] == [app, earlier])
                #expect(report["apps_limit_1"] as? Int == 1)

                // Five releases: the first, then one per config edit (update, item, update_appconfig, delete).
                #expect(
                    report["config"] as? [String: String] == ["GREETING": "hello", "ADDED": "by item", "MERGED": "1"])
                #expect(report["releases"] as? [Int] == [1, 2, 3, 4, 5])
                #expect(report["releases_desc"] as? [Int] == [5, 4, 3, 2, 1])
                #expect(report["releases_first_2"] as? [Int] == [1, 2])
                let rollback = report["rollback"] as? [String: Any]
                #expect(rollback?["version"] as? Int == 6)
                #expect(rollback?["description"] as? String == "Rollback to v2")
                #expect(rollback?["config"] as? [String: String] == ["GREETING": "hello", "PLACE": "world"])

                #expect(report["collaborator_added"] as? String == collaborator.email)
                #expect(report["collaborators"] as? [String] == [user.email, collaborator.email].sorted())
                #expect(report["collaborator_removed"] as? Bool == true)
                #expect(report["collaborators_after"] as? [String] == [user.email])

                #expect((report["addon_services"] as? [String] ?? []).contains(slug))
                let installed = report["installed"] as? [String: String]
                let addon = try #require(installed?["name"])
                #expect(installed?["plan"] == "\(slug):basic")
                #expect(report["addons"] as? [[String]] == [[addon, "\(slug):basic"]])
                #expect(report["addons_of_app"] as? [String] == [addon])
                let withAddon = report["config_with_addon"] as? [String: String] ?? [:]
                #expect(withAddon["PLACE"] == "world" && withAddon["FAKE_URL"]?.hasSuffix(".fake.test/basic") == true)
                #expect(report["upgraded"] as? String == "\(slug):premium")
                let upgraded = report["config_upgraded"] as? [String: String] ?? [:]
                #expect(upgraded["FAKE_URL"]?.hasSuffix(".fake.test/premium") == true)
                #expect(report["removed"] as? String == addon)
                #expect(report["addons_after_remove"] as? [String] == [])
                #expect(report["config_after_remove"] as? [String: String] == ["GREETING": "hello", "PLACE": "world"])
                // The provider was called for each: the resource was made, moved to premium, and is gone.
                #expect(fake.requests(for: .provision).count == 1)
                #expect(fake.requests(for: .changePlan).count == 1)
                #expect(fake.requests(for: .deprovision).count == 1)
                #expect(fake.resources.isEmpty)

                #expect(report["renamed"] as? String == app + "-renamed")
                #expect(report["deleted"] as? Bool == true)
                #expect(report["apps_after_delete"] as? [String] == [earlier])
                #expect(try await api.call(.get, "/apps/\(app)-renamed", key: user.key).status == .notFound)
            }
        }
    }
}
