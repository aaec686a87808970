import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("POST /actions/addons/resolve, as the Heroku CLI and platform-api call it")
struct AddonResolutionTests {
    let testApp = TestApp.forAddons()

    @Test("An add-on resolves by name, id, attachment name in the app, and APP::ATTACHMENT", .soukDatabase)
    func resolvesEveryForm() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let f = try await ResolutionFixture.make(api, fake: fake)
                let shown = try await api.call(.get, "/addons/\(f.addonID)", key: f.owner.key).object

                // `heroku addons:info NAME` without an app, then with one (the CLI's two resolve calls).
                let byName = try await api.herokuCLIResolve(.addon, f.addonName, app: nil, key: f.owner.key)
                #expect(byName.status == .ok, "\(byName.text)")
                #expect(byName.array.count == 1)
                #expect((byName.array.first ?? [:]) as NSDictionary == shown as NSDictionary)

                let forms: [(String, String?)] = [
                    (f.addonName, f.billing), (f.addonID, nil), (f.addonID, f.other), ("PRIMARY_DB", f.other),
                    ("primary-db", f.other), ("PRIMARY_DB_URL", f.other), ("FAKE", f.billing),
                    ("\(f.other)::PRIMARY_DB", nil), ("\(f.billing)::FAKE", nil),
                ]
                for (identifier, app) in forms {
                    let resolved = try await api.herokuCLIResolve(.addon, identifier, app: app, key: f.owner.key)
                    #expect(resolved.status == .ok, "\(identifier) in \(app ?? "no app"): \(resolved.text)")
                    #expect(resolved.array.compactMap { $0["id"] as? String } == [f.addonID], "\(identifier)")
                }

                // An attachment name means nothing without its app.
                let bare = try await api.herokuCLIResolve(.addon, "PRIMARY_DB", app: nil, key: f.owner.key)
                #expect(bare.status == .notFound)
                #expect(bare.object["id"] as? String == "not_found")
                #expect(bare.object["resource"] as? String == "add_on")
                #expect(
                    try await api.herokuCLIResolve(.addon, "PRIMARY_DB", app: f.billing, key: f.owner.key).status
                        == .notFound)
                #expect(
                    try await api.herokuCLIResolve(.addon, "\(f.billing)::PRIMARY_DB", app: nil, key: f.owner.key)
                        .status == .notFound)
            }
        }
    }

    @Test("platform-api's resolution call gets the Addon wire type, billing_entity included", .soukDatabase)
    func platformAPIClient() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let f = try await ResolutionFixture.make(api, fake: fake)
                let resolved = try await api.platformAPIResolve(
                    .addon, body: ["addon": "PRIMARY_DB", "app": f.other, "addon_service": f.slug], key: f.owner.key
                )
                #expect(resolved.status == .ok, "\(resolved.text)")
                let addon = try #require(resolved.array.first)
                let billingApp = try #require(addon["app"] as? [String: Any])
                let entity = try #require(addon["billing_entity"] as? [String: Any])
                #expect(entity["type"] as? String == "app")
                #expect(entity["name"] as? String == f.billing)
                #expect(entity["id"] as? String == billingApp["id"] as? String)
                #expect((addon["addon_service"] as? [String: Any])?["name"] as? String == f.slug)
                #expect(addon["config_vars"] as? [String] == ["FAKE_URL"])
            }
        }
    }

    @Test("Only what the caller may see; an unknown or hidden app is a 404 naming the app", .soukDatabase)
    func visibility() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let f = try await ResolutionFixture.make(api, fake: fake)
                for identifier in [f.addonName, f.addonID, "\(f.other)::PRIMARY_DB"] {
                    let hidden = try await api.herokuCLIResolve(.addon, identifier, app: nil, key: f.stranger.key)
                    #expect(hidden.status == .notFound)
                    #expect(hidden.object["resource"] as? String == "add_on")
                }
                for app in [f.other, "no-such-app", UUID().uuidString] {
                    let noApp = try await api.herokuCLIResolve(.addon, "PRIMARY_DB", app: app, key: f.stranger.key)
                    #expect(noApp.status == .notFound)
                    #expect(noApp.object["resource"] as? String == "app")
                }

                // A collaborator on the shared app sees the add-on through it.
                let added = try await api.call(
                    .post, "/apps/\(f.other)/collaborators", key: f.owner.key, json: ["user": f.stranger.email])
                #expect(added.status == .created)
                let seen = try await api.herokuCLIResolve(.addon, "PRIMARY_DB", app: f.other, key: f.stranger.key)
                #expect(seen.array.compactMap { $0["id"] as? String } == [f.addonID])

                // A removed add-on resolves no more.
                #expect(
                    try await api.call(.delete, "/apps/\(f.billing)/addons/\(f.addonID)", key: f.owner.key).status
                        == .ok)
                #expect(
                    try await api.herokuCLIResolve(.addon, f.addonName, app: nil, key: f.owner.key).status == .notFound)
            }
        }
    }

    @Test("addon_service filters by slug; the exact match comes first; each add-on appears once", .soukDatabase)
    func filteringAndOrder() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let f = try await ResolutionFixture.make(api, fake: fake)
                #expect(
                    try await api.herokuCLIResolve(.addon, f.addonName, app: nil, service: f.slug, key: f.owner.key)
                        .status == .ok)
                let otherService = try await api.herokuCLIResolve(
                    .addon, f.addonName, app: nil, service: "heroku-postgresql", key: f.owner.key)
                #expect(otherService.status == .notFound)
                #expect(otherService.object["resource"] as? String == "add_on")

                // A second add-on named like an attachment of the first: its exact name wins, the attachment follows.
                let name = "backup-\(UUID().uuidString.prefix(6).lowercased())"
                let attachmentName = name.uppercased().replacingOccurrences(of: "-", with: "_")
                #expect(
                    try await api.call(
                        .post, "/addon-attachments", key: f.owner.key,
                        json: ["addon": f.addonID, "app": f.other, "name": attachmentName]
                    ).status == .created)
                let second = try await api.call(
                    .post, "/apps/\(f.billing)/addons", key: f.owner.key,
                    json: ["plan": f.slug, "name": name, "attachment": ["name": "SECOND"]]
                )
                #expect(second.status == .created, "\(second.text)")
                let secondID = try #require(second.object["id"] as? String)
                let both = try await api.herokuCLIResolve(.addon, name, app: f.other, key: f.owner.key)
                #expect(both.status == .ok)
                #expect(both.array.compactMap { $0["id"] as? String } == [secondID, f.addonID])

                // Attached to `other` as PRIMARY_DB and PRIMARY_DB_URL, both of which PRIMARY_DB_URL may mean:
                // still listed once.
                #expect(
                    try await api.call(
                        .post, "/addon-attachments", key: f.owner.key,
                        json: ["addon": f.addonID, "app": f.other, "name": "PRIMARY_DB_URL"]
                    ).status == .created)
                let once = try await api.herokuCLIResolve(.addon, "PRIMARY_DB_URL", app: f.other, key: f.owner.key)
                #expect(once.array.compactMap { $0["id"] as? String } == [f.addonID])
            }
        }
    }

    @Test("Bad requests are 4xx with Heroku's error body", .soukDatabase)
    func badRequests() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let path = ResolveKind.addon.path
            let missing = try await api.call(.post, path, key: user.key, body: #"{"app": null}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.object["id"] as? String == "invalid_params")
            #expect(missing.object["message"] as? String == "addon is required.")
            for body in [
                #"{"addon": null}"#, #"{"addon": ""}"#, #"{"addon": "  "}"#, #"{"addon": 42}"#,
                #"{"addon": "x", "app": 7}"#, "[]", "",
            ] {
                let refused = try await api.call(.post, path, key: user.key, body: body)
                #expect(refused.status == .unprocessableContent, "\(body): \(refused.text)")
            }
            #expect(try await api.call(.post, path, key: user.key, body: "{").status == .badRequest)
            #expect(try await api.call(.post, path, key: nil, body: #"{"addon": "x"}"#).status == .unauthorized)
            let long = String(repeating: "x", count: 5000)
            let noMatch = try await api.herokuCLIResolve(.addon, "\(long)::\(long)", app: nil, key: user.key)
            #expect(noMatch.status == .notFound)
        }
    }
}
