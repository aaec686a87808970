import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("Admin views of every add-on and attachment")
struct AdminListingTests {
    let testApp = TestApp.forAddons()

    @Test("Admins list, filter and page through add-ons and attachments; others get 403", .soukDatabase)
    func listings() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(
                    api, fake: fake, requires: ["attachable", "many_per_app"])
                let alice = try await api.createUser()
                let bob = try await api.createUser()
                let aliceApp = try await api.createApp(key: alice.key)
                let bobApp = try await api.createApp(key: bob.key)
                var created: [String] = []
                for index in 0..<3 {
                    let addon = try await api.call(
                        .post, "/apps/\(aliceApp)/addons", key: alice.key,
                        json: ["plan": slug, "attachment": ["name": "A\(index)"]])
                    created.append(try #require(addon.object["id"] as? String))
                }
                let bobAddon = try #require(
                    try await api.call(.post, "/apps/\(bobApp)/addons", key: bob.key, json: ["plan": slug]).object["id"]
                        as? String)
                created.append(bobAddon)

                #expect(try await api.call(.get, "/admin/addons", key: alice.key).status == .forbidden)
                #expect(try await api.call(.get, "/admin/addon-attachments", key: nil).status == .unauthorized)

                let all = try await api.call(.get, "/admin/addons?service=\(slug)", key: api.adminKey)
                #expect(all.status == .ok)
                #expect(all.array.compactMap { $0["id"] as? String } == created.reversed())

                let byOwner = try await api.call(.get, "/admin/addons?owner=\(bob.email)", key: api.adminKey).array
                #expect(byOwner.compactMap { $0["id"] as? String } == [bobAddon])
                let byApp = try await api.call(.get, "/admin/addon-attachments?app=\(aliceApp)", key: api.adminKey)
                    .array
                #expect(byApp.count == 3)
                #expect(
                    try await api.call(.get, "/admin/addons?service=\(slug)&state=deprovisioned", key: api.adminKey)
                        .array.isEmpty)
                #expect(
                    try await api.call(.get, "/admin/addons?state=sleeping", key: api.adminKey).status
                        == .unprocessableContent)
                #expect(try await api.call(.get, "/admin/addons?app=a%00b", key: api.adminKey).status == .badRequest)

                // Pages of two, newest first, by Next-Range.
                var seen: [String] = []
                var range = "id ..; max=2"
                while true {
                    let page = try await api.call(
                        .get, "/admin/addon-attachments?service=\(slug)", key: api.adminKey,
                        headers: [HTTPField.Name("Range")!: range])
                    seen += page.array.compactMap { ($0["addon"] as? [String: Any])?["id"] as? String }
                    guard let next = page.headers[HTTPField.Name("Next-Range")!] else { break }
                    #expect(page.status == .partialContent)
                    range = next
                }
                #expect(seen == created.reversed())

                // Unfiltered pages have a prepared statement of their own (up to 100 rows); longer pages are
                // planned per call. Both list this database's add-ons newest first, and so page alike.
                for path in ["/admin/addons", "/admin/addon-attachments"] {
                    func ids(_ rows: [[String: Any]]) -> [String] {
                        rows.compactMap {
                            path == "/admin/addons"
                                ? $0["id"] as? String : ($0["addon"] as? [String: Any])?["id"] as? String
                        }
                    }
                    #expect(ids(try await api.call(.get, path, key: api.adminKey).array) == created.reversed())
                    for max in [1, 3, 150] {
                        var paged: [String] = []
                        var range = "id ..; max=\(max)"
                        while true {
                            let page = try await api.call(
                                .get, path, key: api.adminKey, headers: [HTTPField.Name("Range")!: range])
                            #expect(page.array.count <= max)
                            paged += ids(page.array)
                            guard let next = page.headers[HTTPField.Name("Next-Range")!] else { break }
                            range = next
                        }
                        #expect(paged == created.reversed(), "pages of \(max) from \(path)")
                    }
                    for max in [2, 150] {
                        let unknown = try await api.call(
                            .get, path, key: api.adminKey,
                            headers: [HTTPField.Name("Range")!: "id ]\(UUID().uuidString.lowercased())..; max=\(max)"])
                        #expect(unknown.array.isEmpty, "after an unknown id, pages of \(max) from \(path)")
                    }
                }

                _ = try await api.call(.delete, "/apps/\(bobApp)/addons/\(bobAddon)", key: bob.key)
                let detail = try await api.call(.get, "/admin/addons/\(bobAddon)", key: api.adminKey)
                #expect(detail.status == .ok)
                #expect(detail.object["state"] as? String == "deprovisioned")
                let calls = try #require(detail.object["provider_calls"] as? [[String: Any]])
                #expect(calls.compactMap { $0["method"] as? String }.sorted() == ["DELETE", "POST"])
                #expect(detail.object["jobs"] as? [[String: Any]] != nil)
                #expect(
                    try await api.call(.get, "/admin/addons?state=deprovisioned&service=\(slug)", key: api.adminKey)
                        .array.count == 1)
                #expect(
                    try await api.call(.get, "/admin/addons/\(UUID().uuidString)", key: api.adminKey).status
                        == .notFound)
            }
        }
    }
}
