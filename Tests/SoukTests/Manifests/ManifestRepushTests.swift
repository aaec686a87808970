import Foundation
import HTTPTypes
import Testing

@Suite("Re-pushing an unchanged manifest changes nothing", .soukDatabase)
struct ManifestRepushTests {
    let testApp = TestApp()

    func versions(_ api: API, _ slug: String, key: String) async throws -> [Int] {
        try await api.call(.get, "/provider/addon-services/\(slug)/manifests", key: key).array
            .compactMap { $0["version"] as? Int }
    }

    @Test("The same manifest again is 200 with the same version and no new stored version")
    func samePush() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let slug = Manifests.uniqueSlug()
            let manifest = Manifests.heroku(slug: slug)
            let first = try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest)
            #expect(first.status == .created)
            let again = try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest)
            #expect(again.status == .ok, "\(again.text)")
            #expect(again.object["manifest_version"] as? Int == 1)
            #expect(first.object["changed"] as? Bool == true)
            #expect(again.object["changed"] as? Bool == false)
            #expect(again.object["updated_at"] as? String == first.object["updated_at"] as? String)
            #expect(try await versions(api, slug, key: provider.key) == [1])
        }
    }

    @Test("Key order, spacing and number spelling don't make a manifest different")
    func sameJSON() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let slug = Manifests.uniqueSlug()
            let compact = """
                {"id":"\(slug)","name":"Same","plans":[{"name":"basic","price":{"cents":500,"unit":"month"}}],\
                "api":{"password":"GqAGAmdrnkDFcvR9","sso_salt":"7CwqmJLEjv8YZTXK","regions":["us"],\
                "production":{"base_url":"https://same.example.com/r","sso_url":"https://same.example.com/s"},\
                "test":{"base_url":"http://localhost:3000/r"}}}
                """
            let spread = """
                {
                  "api": {
                    "test": { "base_url": "http://localhost:3000/r" },
                    "production": { "sso_url": "https://same.example.com/s", "base_url": "https://same.example.com/r" },
                    "regions": [ "us" ], "sso_salt": "7CwqmJLEjv8YZTXK", "password": "GqAGAmdrnkDFcvR9"
                  },
                  "plans": [ { "price": { "unit": "month", "cents": 5.0e2 }, "name": "basic" } ],
                  "name": "Same", "id": "\(slug)"
                }
                """
            #expect(
                try await api.call(.post, "/provider/manifests", key: provider.key, body: compact).status == .created)
            let again = try await api.call(.post, "/provider/manifests", key: provider.key, body: spread)
            #expect(again.status == .ok, "\(again.text)")
            #expect(again.object["manifest_version"] as? Int == 1)
            #expect(try await versions(api, slug, key: provider.key) == [1])
        }
    }

    @Test("An unchanged push leaves plans the provider edited since as they are")
    func plansUntouched() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let slug = Manifests.uniqueSlug()
            let basic: [String: Any] = [
                "name": "basic", "human_name": "Basic", "price": ["cents": 500, "unit": "month"],
            ]
            let manifest = Manifests.heroku(slug: slug, plans: [basic])
            #expect(
                try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest).status == .created)
            let edited = try await api.call(
                .patch, "/provider/addon-services/\(slug)/plans/basic", key: provider.key,
                json: ["price": ["cents": 900, "unit": "month"]])
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest).status == .ok)
            let plans = try await api.call(.get, "/provider/addon-services/\(slug)/plans", key: provider.key).array
            #expect(plans.compactMap { ($0["price"] as? [String: Any])?["cents"] as? Int } == [900])
        }
    }

    @Test("Changing one field, the password included, makes a new version", arguments: ["name", "password"])
    func changedPush(field: String) async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let slug = Manifests.uniqueSlug()
            let manifest = Manifests.heroku(slug: slug)
            #expect(
                try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest).status == .created)
            var changed = manifest
            if field == "password" {
                changed = Manifests.heroku(slug: slug, password: "GqAGAmdrnkDFcvR0")
            } else {
                changed["name"] = "Renamed"
            }
            let pushed = try await api.call(.post, "/provider/manifests", key: provider.key, json: changed)
            #expect(pushed.status == .ok, "\(pushed.text)")
            #expect(pushed.object["manifest_version"] as? Int == 2)
            #expect(pushed.object["changed"] as? Bool == true)
            #expect(try await versions(api, slug, key: provider.key) == [2, 1])
            // And the changed manifest, pushed once more, is unchanged in its turn.
            let again = try await api.call(.post, "/provider/manifests", key: provider.key, json: changed)
            #expect(again.status == .ok)
            #expect(again.object["manifest_version"] as? Int == 2)
            #expect(try await versions(api, slug, key: provider.key) == [2, 1])
        }
    }

    @Test("An unchanged push still answers the validator's warnings")
    func warningsAgain() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let slug = Manifests.uniqueSlug()
            var manifest = Manifests.heroku(slug: slug)
            manifest["name"] = nil
            #expect(
                try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest).status == .created)
            let again = try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest)
            #expect(again.status == .ok)
            #expect((again.object["warnings"] as? [String])?.count == 1)
        }
    }
}
