import Foundation
import HTTPTypes
import Testing

@Suite("Providers push manifests", .soukDatabase)
struct ManifestPushTests {
    let testApp = TestApp()

    @Test("A Heroku manifest creates an alpha service its provider sees, without its secrets")
    func pushHeroku() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let slug = Manifests.uniqueSlug("errorbucket")
            let response = try await api.call(
                .post, "/provider/manifests", key: provider.key, json: Manifests.heroku(slug: slug))
            #expect(response.status == .created, "\(response.text)")
            let service = response.object
            #expect(service["name"] as? String == slug)
            #expect(service["state"] as? String == "alpha")
            #expect(service["flavour"] as? String == "heroku")
            #expect(service["manifest_version"] as? Int == 1)
            #expect(service["supports_sharing"] as? Bool == true)
            #expect(service["supports_multiple_installations"] as? Bool == false)
            #expect(service["warnings"] as? [String] == [])
            #expect((service["provider"] as? [String: Any])?["email"] as? String == provider.email)
            #expect(!response.text.contains("GqAGAmdrnkDFcvR9") && !response.text.contains("7CwqmJLEjv8YZTXK"))

            let listed = try await api.call(.get, "/provider/addon-services", key: provider.key)
            #expect(listed.array.compactMap { $0["name"] as? String } == [slug])
            let current = try await api.call(.get, "/provider/addon-services/\(slug)/manifest", key: provider.key)
            #expect(current.status == .ok)
            #expect((current.object["api"] as? [String: Any])?["password"] as? String == "GqAGAmdrnkDFcvR9")

            let other = try await api.createUser()
            #expect(try await api.call(.get, "/provider/addon-services/\(slug)", key: other.key).status == .notFound)
            #expect(
                try await api.call(.get, "/provider/addon-services/\(slug)/manifest", key: other.key).status
                    == .notFound)
            #expect(try await api.call(.get, "/provider/addon-services", key: other.key).array.isEmpty)
        }
    }

    @Test("A Scalingo manifest creates its plans, priced in cents, the first one the default")
    func pushScalingo() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let name = "Example \(UUID().uuidString.prefix(6))"
            let slug = Manifests.scalingoSlug(name)
            let response = try await api.call(
                .post, "/provider/manifests", key: provider.key, json: Manifests.scalingo(name: name))
            #expect(response.status == .created, "\(response.text)")
            #expect(response.object["name"] as? String == slug)
            #expect(response.object["flavour"] as? String == "scalingo")
            #expect((response.object["warnings"] as? [String])?.count == 1)

            let plans = try await api.call(.get, "/provider/addon-services/\(slug)/plans", key: provider.key).array
            #expect(plans.compactMap { $0["name"] as? String } == ["\(slug):free", "\(slug):premium"])
            #expect(plans.compactMap { ($0["price"] as? [String: Any])?["cents"] as? Int } == [0, 3000])
            #expect(plans.compactMap { $0["default"] as? Bool } == [true, false])
            #expect(plans.first?["human_name"] as? String == "Free Tier addon")
        }
    }

    @Test("An invalid manifest is refused with every problem listed, and nothing is created")
    func invalidManifests() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            var heroku = Manifests.heroku()
            var herokuAPI = heroku["api"] as! [String: Any]
            herokuAPI["password"] = ""
            herokuAPI["sso_salt"] = "  "
            herokuAPI["config_vars"] = ["lowercase", "OTHER_URL"]
            herokuAPI["production"] = ["base_url": "http://insecure.example.com", "sso_url": "not a url"]
            heroku["api"] = herokuAPI
            heroku["id"] = "Bad Slug"
            let refused = try await api.call(.post, "/provider/manifests", key: provider.key, json: heroku)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorID == "invalid_manifest")
            let errors = try #require(refused.object["errors"] as? [[String: Any]])
            let fields = Set(errors.compactMap { $0["field"] as? String })
            for field in ["id", "api.password", "api.sso_salt", "api.production.base_url", "api.production.sso_url"] {
                #expect(fields.contains(field), "missing \(field) in \(fields)")
            }
            #expect(fields.contains { $0.hasPrefix("api.config_vars") })
            #expect(errors.count >= 7)
            #expect(!refused.text.contains("7CwqmJLEjv8YZTXK"))

            var scalingo = Manifests.scalingo()
            scalingo["plans"] = []
            scalingo["config_vars"] = []
            scalingo["username"] = ""
            let refusedScalingo = try await api.call(.post, "/provider/manifests", key: provider.key, json: scalingo)
            #expect(refusedScalingo.status == .unprocessableContent)
            let scalingoFields = Set(
                (refusedScalingo.object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(scalingoFields.isSuperset(of: ["plans", "config_vars", "username"]))

            #expect(try await api.call(.get, "/provider/addon-services", key: provider.key).array.isEmpty)
        }
    }

    @Test(
        "Documents that are not manifests get a clear 4xx",
        arguments: [
            ("not json", 400), ("[1, 2]", 422), ("\"text\"", 422), ("{}", 422), (#"{"name": "x"}"#, 422), ("", 422),
        ]
    )
    func notManifests(body: String, status: Int) async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let response = try await api.call(.post, "/provider/manifests", key: provider.key, body: body)
            #expect(response.status.code == status, "\(body) → \(response.text)")
            #expect(try await api.call(.post, "/provider/manifests", key: nil, body: "{}").status == .unauthorized)
        }
    }

    @Test("Pushing again updates the service, keeps every version and leaves plans in place")
    func update() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let slug = Manifests.uniqueSlug()
            let basic: [String: Any] = [
                "name": "basic", "human_name": "Basic", "price": ["cents": 500, "unit": "month"],
            ]
            #expect(
                try await api.call(
                    .post, "/provider/manifests", key: provider.key, json: Manifests.heroku(slug: slug, plans: [basic])
                ).status == .created)
            let extra = try await api.call(
                .post, "/provider/addon-services/\(slug)/plans", key: provider.key,
                json: ["name": "extra", "human_name": "Extra"])
            #expect(extra.status == .created)

            let repriced: [String: Any] = [
                "name": "basic", "human_name": "Basic", "price": ["cents": 700, "unit": "month"],
            ]
            let updated = try await api.call(
                .post, "/provider/manifests", key: provider.key,
                json: Manifests.heroku(slug: slug, password: "NewPassword12345", plans: [repriced])
            )
            #expect(updated.status == .ok)
            #expect(updated.object["manifest_version"] as? Int == 2)

            let plans = try await api.call(.get, "/provider/addon-services/\(slug)/plans", key: provider.key).array
            let prices = Dictionary(
                uniqueKeysWithValues: plans.compactMap { plan -> (String, Int)? in
                    guard let name = plan["name"] as? String,
                        let cents = (plan["price"] as? [String: Any])?["cents"] as? Int
                    else { return nil }
                    return (name, cents)
                })
            #expect(prices == ["\(slug):basic": 700, "\(slug):extra": 0])

            let history = try await api.call(.get, "/provider/addon-services/\(slug)/manifests", key: provider.key)
                .array
            #expect(history.compactMap { $0["version"] as? Int } == [2, 1])
            #expect(history.allSatisfy { ($0["pushed_by"] as? [String: Any])?["email"] as? String == provider.email })
            #expect(
                ((history.last?["manifest"] as? [String: Any])?["api"] as? [String: Any])?["password"] as? String
                    == "GqAGAmdrnkDFcvR9")
            #expect(
                ((history.first?["manifest"] as? [String: Any])?["api"] as? [String: Any])?["password"] as? String
                    == "NewPassword12345")
        }
    }

    @Test("Another provider's slug is forbidden, and a flavour can't change")
    func ownership() async throws {
        try await testApp.run { api in
            let owner = try await api.createUser()
            let intruder = try await api.createUser()
            let slug = Manifests.uniqueSlug()
            #expect(
                try await api.call(.post, "/provider/manifests", key: owner.key, json: Manifests.heroku(slug: slug))
                    .status == .created)
            let stolen = try await api.call(
                .post, "/provider/manifests", key: intruder.key,
                json: Manifests.heroku(slug: slug, password: "Stolen1234567890"))
            #expect(stolen.status == .forbidden)
            #expect(
                try await api.call(.get, "/provider/addon-services/\(slug)", key: owner.key).object["manifest_version"]
                    as? Int == 1)

            var scalingo = Manifests.scalingo()
            scalingo["id"] = slug
            let switched = try await api.call(.post, "/provider/manifests", key: owner.key, json: scalingo)
            #expect(switched.status == .unprocessableContent)
            #expect(switched.errorID == "invalid_manifest")
        }
    }

    @Test("Provider passwords and SSO salts are encrypted at rest")
    func secretsAtRest() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let password = "Pw\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
            var manifest = Manifests.heroku(password: password)
            var apiSection = manifest["api"] as! [String: Any]
            let salt = "Salt\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
            apiSection["sso_salt"] = salt
            manifest["api"] = apiSection
            #expect(
                try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest).status == .created)
            let dump = try await DatabaseDump.take(SoukDatabase.current)
            #expect(dump.contains(manifest["id"] as! String))
            #expect(!dump.contains(password))
            #expect(!dump.contains(salt))
        }
    }
}
