import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("The souk command line for admins: listings and service states")
struct AdminCLITests {
    @Test(
        "admin:addons and admin:attachments list, filter and page for admins, and refuse everyone else", .soukDatabase)
    func listings() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await LiveSouk.run(TestApp.forAddons()) { baseURL, api in
                let (slug, _) = try await Marketplace.registerHeroku(
                    api, fake: fake, requires: ["attachable", "many_per_app"])
                let alice = try await api.createUser()
                let bob = try await api.createUser()
                let aliceApp = try await api.createApp(key: alice.key)
                let bobApp = try await api.createApp(key: bob.key)
                var names: [String] = []
                for index in 0..<3 {
                    let addon = try await api.call(
                        .post, "/apps/\(aliceApp)/addons", key: alice.key,
                        json: ["plan": slug, "attachment": ["name": "A\(index)"]]
                    )
                    names.append(try #require(addon.object["name"] as? String, "\(addon.text)"))
                }
                let bobAddon = try await api.call(
                    .post, "/apps/\(bobApp)/addons", key: bob.key, json: ["plan": "\(slug):premium"])
                names.append(try #require(bobAddon.object["name"] as? String))
                let cli = try CLIRunner(baseURL: baseURL)

                let table = try await cli.run(["admin:addons", "--service", slug], key: api.adminKey)
                #expect(table.status == 0, "\(table.stderr)")
                let lines = table.stdout.split(separator: "\n")
                #expect(lines.first?.hasPrefix("Add-on") == true)
                #expect(lines.first?.contains("Plan") == true && lines.first?.contains("State") == true)
                #expect(lines.dropFirst(2).map { String($0.prefix { $0 != " " }) } == names.reversed(), "newest first")
                #expect(table.stdout.contains("\(slug):premium"))
                #expect(table.stdout.contains(bobApp))

                let json = try await cli.run(["admin:addons", "--service", slug, "--json"], key: api.adminKey)
                #expect(json.status == 0, "\(json.stderr)")
                let decoded = try #require(
                    try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
                #expect(decoded.compactMap { $0["name"] as? String } == names.reversed())

                // pages of one, following Next-Range, stop at the limit
                let limited = try await cli.run(
                    ["admin:addons", "--service", slug, "--limit", "3", "--page-size", "1", "--json"], key: api.adminKey
                )
                let page = try #require(
                    try JSONSerialization.jsonObject(with: Data(limited.stdout.utf8)) as? [[String: Any]])
                #expect(page.compactMap { $0["name"] as? String } == Array(names.reversed().prefix(3)))
                let short = try await cli.run(["admin:addons", "--service", slug, "--limit", "2"], key: api.adminKey)
                #expect(short.stdout.split(separator: "\n").count == 4)

                let byOwner = try await cli.run(["admin:addons", "--owner", bob.email, "--json"], key: api.adminKey)
                let owned = try #require(
                    try JSONSerialization.jsonObject(with: Data(byOwner.stdout.utf8)) as? [[String: Any]])
                #expect(owned.compactMap { $0["name"] as? String } == [names[3]])
                let none = try await cli.run(
                    ["admin:addons", "--service", slug, "--state", "deprovisioned"], key: api.adminKey)
                #expect(none.status == 0)
                #expect(none.stdout.contains("No add-ons."))
                let badState = try await cli.run(["admin:addons", "--state", "sleeping"], key: api.adminKey)
                #expect(badState.status != 0)
                #expect(badState.stderr.contains(" ▸"))
                #expect(badState.stderr.contains("state must be provisioning, provisioned or deprovisioned"))

                let attachments = try await cli.run(["admin:attachments", "--app", aliceApp], key: api.adminKey)
                #expect(attachments.status == 0, "\(attachments.stderr)")
                let rows = attachments.stdout.split(separator: "\n")
                #expect(rows.first?.hasPrefix("Attachment") == true)
                #expect(rows.dropFirst(2).map { String($0.prefix { $0 != " " }) } == ["A2", "A1", "A0"])
                let attachmentsJSON = try await cli.run(
                    ["admin:attachments", "--service", slug, "--json"], key: api.adminKey)
                let attached = try #require(
                    try JSONSerialization.jsonObject(with: Data(attachmentsJSON.stdout.utf8)) as? [[String: Any]]
                )
                #expect(attached.count == 4)
                #expect(attached.compactMap { ($0["addon"] as? [String: Any])?["name"] as? String } == names.reversed())

                for command in ["admin:addons", "admin:attachments"] {
                    let refused = try await cli.run([command], key: alice.key)
                    #expect(refused.status != 0)
                    #expect(refused.stderr.contains(" ▸"))
                    #expect(refused.stdout.isEmpty)
                    #expect(!refused.stdout.contains(names[0]))
                }
            }
        }
    }

    @Test("admin:services:state moves a service to ga; a bad state and a non-admin are refused", .soukDatabase)
    func serviceState() async throws {
        try await LiveSouk.run(TestApp.forAddons()) { baseURL, api in
            let provider = try await api.createUser()
            let slug = Manifests.uniqueSlug("state")
            let manifest = Manifests.heroku(slug: slug, plans: [["name": "basic"]])
            let pushed = try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest)
            #expect(pushed.status == .created)
            let cli = try CLIRunner(baseURL: baseURL)

            let planless = Manifests.uniqueSlug("state")
            _ = try await api.call(
                .post, "/provider/manifests", key: provider.key, json: Manifests.heroku(slug: planless))
            let refusedByPlatform = try await cli.run(["admin:services:state", planless, "ga"], key: api.adminKey)
            #expect(refusedByPlatform.status != 0)
            #expect(refusedByPlatform.stderr.contains("Moving \(planless) to ga... failed"))
            #expect(refusedByPlatform.stderr.contains(" ▸    \(planless) has no public plan"))

            let moved = try await cli.run(["admin:services:state", slug, "ga"], key: api.adminKey)
            #expect(moved.status == 0, "\(moved.stderr)")
            #expect(moved.stderr.contains("Moving \(slug) to ga... done"))
            #expect(moved.stdout.contains("\(slug) is now ga"))
            let service = try await api.call(.get, "/provider/addon-services/\(slug)", key: provider.key)
            #expect(service.object["state"] as? String == "ga")
            let catalog = try await api.call(.get, "/addon-services/\(slug)", key: provider.key)
            #expect(catalog.status == .ok)

            let badState = try await cli.run(["admin:services:state", slug, "sleeping"], key: api.adminKey)
            #expect(badState.status != 0)
            #expect(badState.stderr.contains("STATE must be one of alpha, beta, ga, shutdown."))

            let notAdmin = try await cli.run(["admin:services:state", slug, "shutdown"], key: provider.key)
            #expect(notAdmin.status != 0)
            #expect(notAdmin.stderr.contains(" ▸"))
            let unchanged = try await api.call(.get, "/provider/addon-services/\(slug)", key: provider.key)
            #expect(unchanged.object["state"] as? String == "ga")

            let unknown = try await cli.run(["admin:services:state", "no-such-service", "ga"], key: api.adminKey)
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains(" ▸"))
        }
    }
}
