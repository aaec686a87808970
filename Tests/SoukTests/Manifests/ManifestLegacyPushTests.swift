import Foundation
import HTTPTypes
import Testing

/// Each test has a database of its own, so that the manifests go in verbatim, real ids (`myaddon`) included.
@Suite("Providers push manifests from older tools")
struct ManifestLegacyPushTests {
    let testApp = TestApp()

    static func parse(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(
        "kensa's `kensa init` is accepted with warnings; the catalog shows the defaulted name and regions",
        .soukDatabase)
    func kensaInit() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let pushed = try await api.call(
                .post, "/provider/manifests", key: provider.key, body: LegacyManifests.kensaGet)
            #expect(pushed.status == .created, "\(pushed.text)")
            #expect(pushed.object["human_name"] as? String == "Myaddon")
            #expect(pushed.object["regions"] as? [String] == ["us", "eu"])
            #expect(
                pushed.object["warnings"] as? [String] == [
                    "name is missing; using \"Myaddon\" (the id in words)",
                    "api.regions is missing; using us, eu (every region Souk has)",
                    "api.production is a base URL (kensa's v1 form); using base_url https://yourapp.com/heroku/resources "
                        + "and sso_url https://yourapp.com/sso/login",
                    "api.test is a base URL (kensa's v1 form); using base_url http://localhost:4567/heroku/resources "
                        + "and sso_url http://localhost:4567/sso/login",
                ])
            let production = pushed.object["production"] as? [String: Any]
            #expect(production?["base_url"] as? String == "https://yourapp.com/heroku/resources")
            #expect(production?["sso_url"] as? String == "https://yourapp.com/sso/login")
            #expect(!pushed.text.contains("4f1a9c0e7d2b6a8f3e5c1d9b7a0f2e4c"))

            let catalog = try await api.call(.get, "/addon-services/myaddon", key: provider.key)
            #expect(catalog.status == .ok)
            #expect(catalog.object["human_name"] as? String == "Myaddon")
            let own = try await api.call(.get, "/provider/addon-services/myaddon", key: provider.key)
            #expect(own.object["human_name"] as? String == "Myaddon")
            #expect(own.object["regions"] as? [String] == ["us", "eu"])
            #expect(own.object["warnings"] == nil)
            // The manifest is kept as pushed, without the defaults.
            let stored = try await api.call(.get, "/provider/addon-services/myaddon/manifest", key: provider.key)
            #expect(stored.object["name"] == nil)
            #expect((stored.object["api"] as? [String: Any])?["production"] as? String == "https://yourapp.com/")
        }
    }

    @Test("The django add-on's manifest is accepted with warnings for its name and regions", .soukDatabase)
    func djangoAddon() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let pushed = try await api.call(
                .post, "/provider/manifests", key: provider.key, json: try Self.parse(LegacyManifests.djangoHerokuAddon)
            )
            #expect(pushed.status == .created, "\(pushed.text)")
            #expect(
                pushed.object["warnings"] as? [String] == [
                    "name is missing; using \"Guples\" (the id in words)",
                    "api.regions is missing; using us, eu (every region Souk has)",
                ])
            let catalog = try await api.call(.get, "/addon-services/guples", key: provider.key)
            #expect(catalog.object["human_name"] as? String == "Guples")
            let own = try await api.call(.get, "/provider/addon-services/guples", key: provider.key)
            #expect(own.object["regions"] as? [String] == ["us", "eu"])
            #expect(
                (own.object["test"] as? [String: Any])?["base_url"] as? String
                    == "http://localhost:8000/heroku/resources")
        }
    }

    @Test("Without api.test the service's test URLs are the production ones", .soukDatabase)
    func withoutTest() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            var manifest = try Self.parse(LegacyManifests.kensaPost)
            var section = try #require(manifest["api"] as? [String: Any])
            section["test"] = nil
            manifest["api"] = section
            let pushed = try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest)
            #expect(pushed.status == .created, "\(pushed.text)")
            #expect(
                (pushed.object["warnings"] as? [String])?.last
                    == "api.test is missing; using the production URLs (base_url https://yourapp.com/heroku/resources "
                    + "and sso_url https://yourapp.com/sso/login)")
            let test = pushed.object["test"] as? [String: Any]
            #expect(test?["base_url"] as? String == "https://yourapp.com/heroku/resources")
            #expect(test?["sso_url"] as? String == "https://yourapp.com/sso/login")
        }
    }
}
