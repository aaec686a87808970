import Foundation
import HTTPTypes
import SoukCore
import Testing

/// Issue #12: a provider's config change fans out to every attached app in a few statements, whatever
/// their number, and still cuts one release per attachment.
@Suite("A provider's config change, fanned out")
struct ConfigFanOutTests {
    let testApp = TestApp.forAddons()

    @Test("Every attached app gets the new value in one release per attachment, twice-attached apps two", .soukDatabase)
    func fanOut() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake, requires: ["attachable"])
                let user = try await api.createUser()
                let billing = try await api.createApp(key: user.key)
                let created = try await api.call(.post, "/apps/\(billing)/addons", key: user.key, json: ["plan": slug])
                let addon = try #require(created.object["id"] as? String)
                #expect(
                    try await api.call(
                        .post, "/addon-attachments", key: user.key,
                        json: ["addon": addon, "app": billing, "name": "BACKUP"]
                    ).status == .created)
                var others: [String] = []
                for _ in 0..<40 {
                    let app = try await api.createApp(key: user.key)
                    _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["OWN": app])
                    let attached = try await api.call(
                        .post, "/addon-attachments", key: user.key, json: ["addon": addon, "app": app])
                    #expect(attached.status == .created)
                    others.append(app)
                }
                func releases(_ app: String) async throws -> Int {
                    try await api.call(.get, "/apps/\(app)/releases", key: user.key).array.count
                }
                let billingReleases = try await releases(billing)
                let otherReleases = try await releases(others[0])

                let provider = Marketplace.basic(slug, fake.password)
                let updated = try await api.call(
                    .patch, "/addons/\(addon)/config", key: nil,
                    body: #"{"config": [{"name": "FAKE_URL", "value": "redis://moved"}]}"#,
                    headers: [.authorization: provider])
                #expect(updated.status == .ok, "\(updated.text)")

                let billingConfig = try await api.call(.get, "/apps/\(billing)/config-vars", key: user.key).object
                #expect(billingConfig as NSDictionary == ["FAKE_URL": "redis://moved", "BACKUP_URL": "redis://moved"])
                #expect(try await releases(billing) == billingReleases + 2)
                for app in others {
                    let config = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object
                    #expect(config as NSDictionary == ["FAKE_URL": "redis://moved", "OWN": app] as NSDictionary)
                    #expect(try await releases(app) == otherReleases + 1)
                }
                let latest = try await api.call(.get, "/apps/\(others[7])/releases", key: user.key).array.last
                #expect((latest?["description"] as? String)?.contains("FAKE") == true, "\(latest ?? [:])")
            }
        }
    }
}
