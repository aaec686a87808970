import Foundation
import HTTPTypes
import Testing

@Suite("The catalog and service states", .soukDatabase)
struct CatalogTests {
    let testApp = TestApp()

    /// Pushes a Heroku manifest with two plans and returns its slug.
    func register(_ api: API, provider: String) async throws -> String {
        let slug = Manifests.uniqueSlug("svc")
        let plans: [[String: Any]] = [
            ["name": "basic", "human_name": "Basic", "price": ["cents": 0, "unit": "month"], "default": true],
            ["name": "pro", "human_name": "Pro", "description": "More", "price": ["cents": 2500, "unit": "month"]],
        ]
        let pushed = try await api.call(
            .post, "/provider/manifests", key: provider, json: Manifests.heroku(slug: slug, plans: plans))
        guard pushed.status == .created else { throw TestFailure("push failed: \(pushed.text)") }
        return slug
    }

    @Test("An alpha service is seen only by its provider and admins")
    func alphaIsPrivate() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let customer = try await api.createUser()
            let slug = try await register(api, provider: provider.key)
            #expect(try await api.call(.get, "/addon-services/\(slug)", key: provider.key).status == .ok)
            #expect(try await api.call(.get, "/addon-services/\(slug)", key: api.adminKey).status == .ok)
            for key in [customer.key, nil] {
                #expect(try await api.call(.get, "/addon-services/\(slug)", key: key).status == .notFound)
                #expect(try await api.call(.get, "/addon-services/\(slug)/plans", key: key).status == .notFound)
                #expect(try await api.call(.get, "/plans/\(slug):basic", key: key).status == .notFound)
                let names = try await api.call(.get, "/addon-services", key: key).array.compactMap {
                    $0["name"] as? String
                }
                #expect(!names.contains(slug))
            }
            let own = try await api.call(.get, "/addon-services", key: provider.key).array.compactMap {
                $0["name"] as? String
            }
            #expect(own.contains(slug))
        }
    }

    @Test("An admin takes a service to ga; then anyone reads it and its plans in the Heroku v3 shapes")
    func publicCatalog() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let slug = try await register(api, provider: provider.key)
            let promoted = try await api.call(
                .patch, "/admin/addon-services/\(slug)", key: api.adminKey, json: ["state": "ga"])
            #expect(promoted.status == .ok)
            #expect(promoted.object["state"] as? String == "ga")

            let service = try await api.call(.get, "/addon-services/\(slug)", key: nil)
            #expect(service.status == .ok)
            let id = try #require(service.object["id"] as? String)
            for key in [
                "id", "name", "human_name", "state", "supports_multiple_installations", "supports_sharing",
                "created_at", "updated_at",
            ] {
                #expect(service.object.keys.contains(key), "\(key)")
            }
            #expect(!service.text.contains("password") && !service.text.contains("GqAGAmdrnkDFcvR9"))
            #expect(try await api.call(.get, "/addon-services/\(id)", key: nil).object["name"] as? String == slug)
            #expect(
                try await api.call(.get, "/addon-services", key: nil).array.contains { $0["name"] as? String == slug })

            let plans = try await api.call(.get, "/addon-services/\(slug)/plans", key: nil).array
            #expect(plans.compactMap { $0["name"] as? String } == ["\(slug):basic", "\(slug):pro"])
            let pro = try #require(plans.last)
            #expect(pro["human_name"] as? String == "Pro")
            #expect(pro["description"] as? String == "More")
            #expect((pro["price"] as? [String: Any])?["cents"] as? Int == 2500)
            #expect((pro["price"] as? [String: Any])?["unit"] as? String == "month")
            #expect(pro["default"] as? Bool == false)
            #expect(pro["state"] as? String == "public")
            #expect((pro["addon_service"] as? [String: Any])?["name"] as? String == slug)
            let planID = try #require(pro["id"] as? String)

            #expect(
                try await api.call(.get, "/addon-services/\(slug)/plans/pro", key: nil).object["id"] as? String
                    == planID)
            #expect(
                try await api.call(.get, "/addon-services/\(slug)/plans/\(planID)", key: nil).object["name"] as? String
                    == "\(slug):pro")
            #expect(try await api.call(.get, "/plans/\(planID)", key: nil).object["name"] as? String == "\(slug):pro")
            #expect(try await api.call(.get, "/plans/\(slug):pro", key: nil).object["id"] as? String == planID)
            #expect(try await api.call(.get, "/plans/\(UUID().uuidString)", key: nil).status == .notFound)
            #expect(try await api.call(.get, "/addon-services/\(slug)/plans/nope", key: nil).status == .notFound)
        }
    }

    @Test("Shutdown services leave the catalog list but stay readable; states are admin-only and checked")
    func states() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let slug = try await register(api, provider: provider.key)
            #expect(
                try await api.call(.patch, "/admin/addon-services/\(slug)", key: provider.key, json: ["state": "ga"])
                    .status == .forbidden)
            #expect(
                try await api.call(.patch, "/admin/addon-services/\(slug)", key: nil, json: ["state": "ga"]).status
                    == .unauthorized)
            #expect(
                try await api.call(.patch, "/admin/addon-services/\(slug)", key: api.adminKey, json: ["state": "gone"])
                    .status == .unprocessableContent)
            #expect(
                try await api.call(
                    .patch, "/admin/addon-services/no-such-svc", key: api.adminKey, json: ["state": "ga"]
                ).status == .notFound)

            for state in ["beta", "ga", "shutdown"] {
                let moved = try await api.call(
                    .patch, "/admin/addon-services/\(slug)", key: api.adminKey, json: ["state": state])
                #expect(moved.object["state"] as? String == state)
            }
            #expect(
                try await api.call(.get, "/addon-services/\(slug)", key: nil).object["state"] as? String == "shutdown")
            #expect(
                !(try await api.call(.get, "/addon-services", key: nil).array.contains { $0["name"] as? String == slug })
            )
        }
    }

    @Test("A service without a public plan can't go public")
    func noPlanNoRelease() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let slug = Manifests.uniqueSlug()
            #expect(
                try await api.call(.post, "/provider/manifests", key: provider.key, json: Manifests.heroku(slug: slug))
                    .status == .created)
            let refused = try await api.call(
                .patch, "/admin/addon-services/\(slug)", key: api.adminKey, json: ["state": "ga"])
            #expect(refused.status == .unprocessableContent)
            #expect(
                try await api.call(.get, "/addon-services/\(slug)", key: api.adminKey).object["state"] as? String
                    == "alpha")
        }
    }

    @Test("Providers manage plans; deprecated plans leave the catalog but not the provider's view")
    func plans() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let other = try await api.createUser()
            let slug = try await register(api, provider: provider.key)
            _ = try await api.call(.patch, "/admin/addon-services/\(slug)", key: api.adminKey, json: ["state": "ga"])

            let created = try await api.call(
                .post, "/provider/addon-services/\(slug)/plans", key: provider.key,
                json: [
                    "name": "max", "human_name": "Max", "description": "All of it",
                    "price": ["cents": 9900, "unit": "month"], "default": true,
                ])
            #expect(created.status == .created)
            #expect(created.object["default"] as? Bool == true)
            let defaults = try await api.call(.get, "/addon-services/\(slug)/plans", key: nil).array.filter {
                $0["default"] as? Bool == true
            }
            #expect(defaults.compactMap { $0["name"] as? String } == ["\(slug):max"])

            let bad = try await api.call(
                .post, "/provider/addon-services/\(slug)/plans", key: provider.key,
                json: [
                    "name": "Bad Name", "price": ["cents": -1, "unit": "year"],
                ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("name") && bad.text.contains("price.cents") && bad.text.contains("price.unit"))
            #expect(
                try await api.call(
                    .post, "/provider/addon-services/\(slug)/plans", key: provider.key, json: ["name": "max"]
                ).status == .conflict)
            #expect(
                try await api.call(
                    .post, "/provider/addon-services/\(slug)/plans", key: other.key, json: ["name": "x1"]
                ).status == .notFound)

            let repriced = try await api.call(
                .patch, "/provider/addon-services/\(slug)/plans/\(slug):pro", key: provider.key,
                json: ["price": ["cents": 3000, "unit": "month"]])
            #expect(repriced.status == .ok)
            #expect((repriced.object["price"] as? [String: Any])?["cents"] as? Int == 3000)
            #expect(repriced.object["human_name"] as? String == "Pro")

            let deprecated = try await api.call(
                .patch, "/provider/addon-services/\(slug)/plans/pro", key: provider.key, json: ["state": "deprecated"])
            #expect(deprecated.object["state"] as? String == "deprecated")
            #expect(
                !(try await api.call(.get, "/addon-services/\(slug)/plans", key: nil).array.contains {
                    $0["name"] as? String == "\(slug):pro"
                }))
            #expect(try await api.call(.get, "/addon-services/\(slug)/plans/pro", key: other.key).status == .notFound)
            #expect(
                try await api.call(.get, "/provider/addon-services/\(slug)/plans", key: provider.key).array.count == 3)
            #expect(
                try await api.call(
                    .patch, "/provider/addon-services/\(slug)/plans/pro", key: other.key, json: ["state": "public"]
                ).status == .notFound)
            #expect(
                try await api.call(
                    .patch, "/provider/addon-services/\(slug)/plans/pro", key: provider.key, json: ["state": "hidden"]
                ).status == .unprocessableContent)

            let deleted = try await api.call(.delete, "/provider/addon-services/\(slug)/plans/max", key: provider.key)
            #expect(deleted.status == .ok)
            #expect(
                try await api.call(.delete, "/provider/addon-services/\(slug)/plans/max", key: provider.key).status
                    == .notFound)
            #expect(
                try await api.call(.get, "/provider/addon-services/\(slug)/plans", key: provider.key).array.count == 2)
        }
    }
}
