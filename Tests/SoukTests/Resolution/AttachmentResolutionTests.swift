import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("POST /actions/addon-attachments/resolve, as the Heroku CLI and platform-api call it")
struct AttachmentResolutionTests {
    let testApp = TestApp.forAddons()

    @Test("An attachment resolves by name, var name, id, APP::NAME, or its add-on", .soukDatabase)
    func resolvesEveryForm() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let f = try await ResolutionFixture.make(api, fake: fake)
                let shown = try await api.call(.get, "/addon-attachments/\(f.sharedID)", key: f.owner.key).object
                #expect(shown.keys.contains("namespace") && shown["namespace"] is NSNull)

                let byName = try await api.herokuCLIResolve(.attachment, "PRIMARY_DB", app: f.other, key: f.owner.key)
                #expect(byName.status == .ok, "\(byName.text)")
                #expect(byName.array.count == 1)
                #expect((byName.array.first ?? [:]) as NSDictionary == shown as NSDictionary)

                // What `heroku pg:*` sends: the var name, with the service.
                let forms: [(String, String?, String?)] = [
                    ("PRIMARY_DB_URL", f.other, f.slug), ("primary-db", f.other, nil), ("PRIMARY_DB", nil, nil),
                    (f.sharedID, nil, nil), (f.sharedID, f.other, nil), ("\(f.other)::PRIMARY_DB", nil, nil),
                    (f.addonName, f.other, nil), (f.addonID, f.other, f.slug),
                ]
                for (identifier, app, service) in forms {
                    let resolved = try await api.herokuCLIResolve(
                        .attachment, identifier, app: app, service: service, key: f.owner.key)
                    #expect(resolved.status == .ok, "\(identifier) in \(app ?? "no app"): \(resolved.text)")
                    #expect(resolved.array.compactMap { $0["id"] as? String } == [f.sharedID], "\(identifier)")
                }

                // An add-on's name in its billing app, and without an app: each attachment the caller sees.
                let billingOnly = try await api.herokuCLIResolve(
                    .attachment, f.addonName, app: f.billing, key: f.owner.key)
                #expect(billingOnly.array.compactMap { $0["name"] as? String } == ["FAKE"])
                let everywhere = try await api.herokuCLIResolve(.attachment, f.addonName, app: nil, key: f.owner.key)
                #expect(everywhere.array.compactMap { $0["name"] as? String } == ["FAKE", "PRIMARY_DB"])

                let missing = try await api.herokuCLIResolve(
                    .attachment, "PRIMARY_DB", app: f.billing, key: f.owner.key)
                #expect(missing.status == .notFound)
                #expect(missing.object["resource"] as? String == "add_on attachment")
            }
        }
    }

    @Test(
        "The exact name comes first; addon_service filters; platform-api gets the Attachment wire type", .soukDatabase)
    func orderAndFilter() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let f = try await ResolutionFixture.make(api, fake: fake)
                let exact = try await api.call(
                    .post, "/addon-attachments", key: f.owner.key,
                    json: ["addon": f.addonID, "app": f.other, "name": "PRIMARY_DB_URL"])
                let exactID = try #require(exact.object["id"] as? String, "\(exact.text)")
                let both = try await api.platformAPIResolve(
                    .attachment, body: ["addon_attachment": "PRIMARY_DB_URL", "app": f.other], key: f.owner.key)
                #expect(both.status == .ok, "\(both.text)")
                #expect(both.array.compactMap { $0["id"] as? String } == [exactID, f.sharedID])
                #expect(both.array.allSatisfy { $0.keys.contains("namespace") && $0["namespace"] is NSNull })

                let otherService = try await api.herokuCLIResolve(
                    .attachment, "PRIMARY_DB", app: f.other, service: "heroku-postgresql", key: f.owner.key)
                #expect(otherService.status == .notFound)
                #expect(otherService.object["resource"] as? String == "add_on attachment")
            }
        }
    }

    @Test("Only attachments in the caller's apps; an unknown app is a 404 naming the app", .soukDatabase)
    func visibility() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let f = try await ResolutionFixture.make(api, fake: fake)
                for identifier in [f.sharedID, "PRIMARY_DB", "\(f.other)::PRIMARY_DB", f.addonName] {
                    let hidden = try await api.herokuCLIResolve(.attachment, identifier, app: nil, key: f.stranger.key)
                    #expect(hidden.status == .notFound, "\(identifier)")
                    #expect(hidden.object["resource"] as? String == "add_on attachment")
                }
                let noApp = try await api.herokuCLIResolve(.attachment, "PRIMARY_DB", app: f.other, key: f.stranger.key)
                #expect(noApp.status == .notFound)
                #expect(noApp.object["resource"] as? String == "app")

                // A collaborator on `other` sees its attachment, not the billing app's.
                #expect(
                    try await api.call(
                        .post, "/apps/\(f.other)/collaborators", key: f.owner.key, json: ["user": f.stranger.email]
                    ).status == .created)
                let seen = try await api.herokuCLIResolve(.attachment, f.addonName, app: nil, key: f.stranger.key)
                #expect(seen.array.compactMap { $0["id"] as? String } == [f.sharedID])
            }
        }
    }

    @Test("A missing or blank addon_attachment is a 422", .soukDatabase)
    func badRequests() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let path = ResolveKind.attachment.path
            let missing = try await api.call(.post, path, key: user.key, body: #"{"app": null, "addon": "x"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.object["message"] as? String == "addon_attachment is required.")
            for body in [#"{"addon_attachment": null}"#, #"{"addon_attachment": ""}"#, #"{"addon_attachment": ["x"]}"#]
            {
                #expect(
                    try await api.call(.post, path, key: user.key, body: body).status == .unprocessableContent,
                    "\(body)")
            }
            #expect(
                try await api.call(.post, path, key: nil, body: #"{"addon_attachment": "x"}"#).status == .unauthorized)
        }
    }
}
