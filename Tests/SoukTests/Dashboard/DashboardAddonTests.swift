import Foundation
import HTTPTypes
import SoukCore
import Testing

@testable import SoukServer

/// The marketplace and an add-on's life on an app's page, through the dashboard's forms against a loopback
/// provider; and the provider's and admin's pages.
@Suite("Dashboard add-ons", .soukDatabase)
struct DashboardAddonTests {
    let testApp = TestApp.forAddons()
    static var plans: [[String: Any]] { [["name": "basic", "human_name": "Basic", "default": true]] }

    @Test("Marketplace → install → plan change → open → remove, each through a form, with the API in step")
    func addonLife() async throws {
        try await testApp.run { api in
            try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let (browser, key, _) = try await DashboardSecurityTests.signedIn(api)
                let app = try await api.createApp(key: key)

                let market = try await browser.get("/dashboard/marketplace")
                #expect(market.status == .ok)
                #expect(market.text.contains("<article data-service=\"\(slug)\""))
                #expect(
                    market.text.contains(
                        "data-plan=\"\(slug):premium\"><span>Premium</span> <span class=\"price\">$10.00/month</span>"))
                #expect(
                    market.text.contains(
                        "data-plan=\"\(slug):basic\"><span>Basic</span> <span class=\"price\">Free</span>"))

                let installed = try await browser.submit(
                    on: "/dashboard/marketplace/\(slug)", to: "/dashboard/marketplace/\(slug)/install",
                    ["app": app, "plan": "basic", "name": ""])
                #expect(installed.status == .seeOther)
                #expect(installed.location == "/dashboard/apps/\(app)#addons")
                let addons = try await api.call(.get, "/apps/\(app)/addons", key: key).array
                let name = try #require(addons.first?["name"] as? String)
                #expect(addons.first?["state"] as? String == "provisioned")
                #expect(try await DashboardSecurityTests.config(api, app: app, key: key)["FAKE_URL"] != nil)

                var page = try await browser.get("/dashboard/apps/\(app)")
                #expect(page.text.contains("is ready on \(app)."))
                #expect(page.text.contains("<tr data-addon=\"\(name)\">"))
                #expect(page.text.contains("<td class=\"plan\" data-label=\"Plan\">basic</td>"))
                #expect(page.text.contains("<option value=\"\(slug):premium\">Premium · $10.00/month</option>"))
                #expect(page.text.contains("<span class=\"badge provisioned\">provisioned</span>"))
                #expect(!page.text.contains("http-equiv=\"refresh\""))

                let changed = try await browser.post(
                    "/dashboard/apps/\(app)/addons/\(name)/plan", ["plan": "\(slug):premium"])
                #expect(changed.status == .seeOther)
                #expect(fake.requests(for: .changePlan).count == 1)
                page = try await browser.get("/dashboard/apps/\(app)")
                #expect(page.text.contains("<td class=\"plan\" data-label=\"Plan\">premium</td>"))

                let open = try await browser.get("/dashboard/apps/\(app)/addons/\(name)/open")
                #expect(open.status == .ok)
                #expect(open.text.contains("action=\"http://127.0.0.1:\(fake.port)/sso/login\""))
                #expect(open.text.contains("name=\"token\""))
                #expect(open.headers[.contentSecurityPolicy] == SSOHandOffPage.contentSecurityPolicy)

                let refused = try await browser.post(
                    "/dashboard/apps/\(app)/addons/\(name)/remove", ["confirm": "nope"])
                #expect(refused.status == .seeOther)
                #expect(try await browser.get("/dashboard/apps/\(app)").text.contains("to remove it."))
                #expect(fake.requests(for: .deprovision).isEmpty)
                let removed = try await browser.post("/dashboard/apps/\(app)/addons/\(name)/remove", ["confirm": name])
                #expect(removed.status == .seeOther)
                #expect(fake.requests(for: .deprovision).count == 1)
                #expect(try await api.call(.get, "/apps/\(app)/addons", key: key).array.isEmpty)
                #expect(try await DashboardSecurityTests.config(api, app: app, key: key)["FAKE_URL"] == nil)
            }
        }
    }

    @Test("A provider pushes a bad manifest and sees each error beside the form, then a good one")
    func pushManifest() async throws {
        try await testApp.run { api in
            let (browser, _, _) = try await DashboardSecurityTests.signedIn(api)
            let bad = #"{"id": "Not A Slug", "api": {"config_vars": ["lowercase"]}}"#
            let refused = try await browser.submit(
                on: "/dashboard/provider/manifest", to: "/dashboard/provider/manifest", ["manifest": bad])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("<ul class=\"errors\">"))
            #expect(refused.text.contains("<li><code>id</code>"))
            #expect(refused.text.contains("<li><code>api.password</code>"))
            #expect(refused.text.contains("&quot;Not A Slug&quot;"))
            let notJSON = try await browser.post("/dashboard/provider/manifest", ["manifest": "{oops"])
            #expect(notJSON.status == .unprocessableContent)
            #expect(notJSON.text.contains("is not valid JSON"))

            let slug = Manifests.uniqueSlug()
            let good = try JSONSerialization.data(withJSONObject: Manifests.heroku(slug: slug, plans: Self.plans))
            let pushed = try await browser.post(
                "/dashboard/provider/manifest", ["manifest": String(decoding: good, as: UTF8.self)])
            #expect(pushed.status == .seeOther)
            #expect(pushed.location == "/dashboard/provider/services/\(slug)")
            let page = try await browser.get("/dashboard/provider/services/\(slug)")
            #expect(page.status == .ok)
            #expect(page.text.contains("<span class=\"badge alpha\">alpha</span>"))
            #expect(page.text.contains("<pre class=\"manifest\">"))
            #expect(page.text.contains("&quot;password&quot; : &quot;••••••••&quot;"))
            #expect(!page.text.contains("GqAGAmdrnkDFcvR9"))
            #expect(!page.text.contains("7CwqmJLEjv8YZTXK"))
            let list = try await browser.get("/dashboard/provider")
            #expect(list.text.contains("<tr data-service=\"\(slug)\">"))
        }
    }

    @Test("An admin promotes a service alpha → beta → ga from the services page, and it reaches the marketplace")
    func adminPromotes() async throws {
        try await testApp.run { api in
            let provider = try await api.createUser()
            let slug = Manifests.uniqueSlug()
            let manifest = Manifests.heroku(slug: slug, plans: Self.plans)
            #expect(
                try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest).status == .created)
            let admin = Browser(api)
            _ = try await admin.submit(on: "/dashboard/sign-in", to: "/dashboard/sign-in", ["api_key": api.adminKey])
            let (customer, _, _) = try await DashboardSecurityTests.signedIn(api)
            #expect(!(try await customer.get("/dashboard/marketplace")).text.contains("data-service=\"\(slug)\""))

            var services = try await admin.get("/dashboard/admin/services")
            #expect(services.text.contains("<tr data-service=\"\(slug)\">"))
            for state in ["beta", "ga"] {
                let moved = try await admin.post("/dashboard/admin/services/\(slug)/state", ["state": state])
                #expect(moved.status == .seeOther)
                services = try await admin.get("/dashboard/admin/services")
                #expect(services.text.contains("\(slug) is now \(state)."))
            }
            #expect(try await customer.get("/dashboard/marketplace").text.contains("data-service=\"\(slug)\""))
            let bogus = try await admin.post("/dashboard/admin/services/\(slug)/state", ["state": "nonsense"])
            #expect(bogus.status == .seeOther)
            #expect(try await admin.get("/dashboard/admin/services").text.contains("state must be"))
        }
    }

    @Test("The admin's listings filter by app and page by keyset, as the API does")
    func adminListings() async throws {
        try await testApp.run { api in
            try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                var apps: [String] = []
                for _ in 0..<3 {
                    let app = try await api.createApp(key: user.key)
                    let created = try await api.call(
                        .post, "/apps/\(app)/addons", key: user.key, json: ["plan": "\(slug):basic"])
                    #expect(created.status == .created)
                    apps.append(app)
                }
                let admin = Browser(api)
                _ = try await admin.submit(
                    on: "/dashboard/sign-in", to: "/dashboard/sign-in", ["api_key": api.adminKey])
                let filtered = try await admin.get("/dashboard/admin/attachments?app=\(apps[1])")
                #expect(filtered.status == .ok)
                #expect(filtered.text.components(separatedBy: "<tr data-attachment=").count == 2)
                #expect(filtered.text.contains("<td class=\"app\">\(apps[1])</td>"))
                #expect(!filtered.text.contains(apps[0]) && !filtered.text.contains(apps[2]))

                var seen: [String] = []
                var next: String? = "/dashboard/admin/addons?service=\(slug)&limit=2"
                while let path = next {
                    let page = try await admin.get(path.replacingOccurrences(of: "&amp;", with: "&"))
                    #expect(page.status == .ok)
                    seen += page.text.components(separatedBy: "<tr data-addon=\"").dropFirst().map {
                        String($0.prefix(36))
                    }
                    next = page.text.range(of: #"class="next" href="[^"]*""#, options: .regularExpression).map {
                        String(page.text[$0].dropFirst(19).dropLast())
                    }
                }
                #expect(seen.count == 3)
                #expect(Set(seen).count == 3)
            }
        }
    }
}
