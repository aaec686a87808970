import Foundation
import SoukCore
import Testing

@Suite("The souk command line: a customer's day")
struct CustomerCLITests {
    let testApp = TestApp.forAddons()

    @Test("Apps, config, releases and add-ons from login to apps:destroy, through the binary only", .soukDatabase)
    func customersDay() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await LiveSouk.run(testApp) { baseURL, api in
                let (slug, _) = try await Marketplace.registerHeroku(
                    api, fake: fake, requires: ["attachable", "many_per_app"])
                let user = try await api.createUser()
                var souk = try CLISession(baseURL: baseURL)
                _ = try await souk.ok(["login", "--api-key", user.key])
                let app = API.uniqueAppName("day")
                let other = API.uniqueAppName("other")

                try await Self.appsAndConfig(&souk, app: app, email: user.email)
                try await Self.releases(&souk, app: app, email: user.email)
                let cache = try await Self.catalogAndCreate(&souk, app: app, slug: slug, fake: fake)
                try await Self.infoAndPlans(&souk, app: app, slug: slug, addon: cache, fake: fake)
                try await Self.attachAcrossApps(&souk, app: app, other: other, addon: cache)
                try await Self.openHerokuDashboard(&souk, app: app, slug: slug, fake: fake)
                try await Self.destroy(&souk, app: app, other: other, addon: cache, fake: fake)
                #expect(!souk.printedColour)
            }
        }
    }

    static func appsAndConfig(_ souk: inout CLISession, app: String, email: String) async throws {
        let created = try await souk.ok(["apps:create", app, "--region", "eu"])
        #expect(created.stderr.contains("Creating ⬢ \(app)... done, region is eu"))
        let generated = try await souk.ok(["apps:create"])
        #expect(generated.stderr.contains("Creating app... done, ⬢ "))

        let info = try await souk.ok(["apps:info", "-a", app])
        #expect(info.stdout.contains("=== \(app)"))
        #expect(info.stdout.contains("Owner:    \(email)"))
        #expect(info.stdout.contains("Region:   eu"))
        let infoJSON = try #require(try await souk.json(["apps:info", "-a", app]) as? [String: Any])
        #expect(infoJSON["name"] as? String == app)
        #expect((infoJSON["region"] as? [String: Any])?["name"] as? String == "eu")

        let set = try await souk.ok(["config:set", "DEBUG=1", "GREETING=hello world", "-a", app])
        #expect(set.stderr.contains("Setting DEBUG, GREETING and restarting ⬢ \(app)... done, v2"))
        #expect(set.stdout.contains("GREETING: hello world"))
        #expect(try await souk.ok(["config:get", "GREETING", "-a", app]).stdout == "hello world\n")
        let unsetVar = try await souk.run(["config:get", "NOPE", "-a", app])
        #expect(unsetVar.failedWithMessage)
        #expect(unsetVar.stdout.isEmpty)

        let config = try await souk.ok(["config", "-a", app])
        #expect(config.stdout.contains("=== \(app) Config Vars"))
        #expect(config.stdout.contains("DEBUG:    1\n"))
        #expect(config.stdout.contains("GREETING: hello world\n"))
        let configJSON = try await souk.json(["config", "-a", app]) as? [String: String]
        #expect(configJSON == ["DEBUG": "1", "GREETING": "hello world"])

        let unset = try await souk.ok(["config:unset", "DEBUG", "-a", app])
        #expect(unset.stderr.contains("Unsetting DEBUG and restarting ⬢ \(app)... done, v3"))
        #expect(try await souk.run(["config:get", "DEBUG", "-a", app]).status != 0)
    }

    static func releases(_ souk: inout CLISession, app: String, email: String) async throws {
        let listed = try await souk.ok(["releases", "-a", app])
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "=== \(app) Releases")
        #expect(lines.count == 6)  // header, column names, rule, v3, v2, v1
        #expect(lines.dropFirst(3).map { String($0.prefix(2)) } == ["v3", "v2", "v1"])
        #expect(lines[3].contains(email))
        #expect(lines[3].contains("DEBUG"))

        let newest = try await souk.ok(["releases", "-a", app, "-n", "1"])
        #expect(newest.stdout.split(separator: "\n").count == 4)
        let json = try #require(try await souk.json(["releases", "-a", app, "--num", "2"]) as? [[String: Any]])
        #expect(json.map { $0["version"] as? Int } == [3, 2])

        let rollback = try await souk.ok(["releases:rollback", "v2", "-a", app])
        #expect(rollback.stderr.contains("Rolling back ⬢ \(app) to v2... done, v4"))
        #expect(try await souk.ok(["config:get", "DEBUG", "-a", app]).stdout == "1\n")
        #expect(
            try await souk.json(["config", "-a", app]) as? [String: String] == [
                "DEBUG": "1", "GREETING": "hello world",
            ])
    }

    /// The catalog, then an add-on with `--as` and provider options, then the confirmation an overwrite needs.
    /// Returns the first add-on's name.
    static func catalogAndCreate(_ souk: inout CLISession, app: String, slug: String, fake: FakeProvider) async throws
        -> String
    {
        let services = try await souk.ok(["addons:services"])
        #expect(services.stdout.contains(slug))
        #expect(services.stdout.contains("Fake \(slug)"))
        let servicesJSON = try #require(try await souk.json(["addons:services"]) as? [[String: Any]])
        #expect(servicesJSON.contains { $0["name"] as? String == slug })

        let plans = try await souk.ok(["addons:plans", slug])
        let basic = try #require(plans.stdout.split(separator: "\n").first { $0.contains("\(slug):basic") })
        #expect(basic.hasPrefix("default"))
        #expect(basic.hasSuffix("free"))
        let premium = try #require(plans.stdout.split(separator: "\n").first { $0.contains("\(slug):premium") })
        #expect(premium.hasSuffix("$10.00/month"))
        #expect(!premium.contains("default"))
        let plansJSON = try #require(try await souk.json(["addons:plans", slug]) as? [[String: Any]])
        #expect(plansJSON.count == 2)

        let created = try await souk.ok(
            ["addons:create", "\(slug):premium", "--as", "CACHE", "-a", app, "--", "--size=large", "--flag"]
        )
        #expect(created.stderr.contains("Creating \(slug):premium on ⬢ \(app)... done"))
        #expect(created.stdout.contains("Ready to use"))
        let options = fake.requests(for: .provision).last?.json?["options"]
        #expect(options?["size"]?.stringValue == "large")
        #expect(options?["flag"]?.stringValue == "true")
        let name = try #require(
            created.stdout.split(separator: "\n").first { $0.hasPrefix("Created ") }?.split(separator: " ")[1])
        #expect(created.stdout.contains("Created \(name) as CACHE_URL"))
        #expect(try await souk.ok(["config:get", "CACHE_URL", "-a", app]).stdout.hasPrefix("https://"))

        // FAKE_URL is the customer's own: the default attachment would overwrite it.
        _ = try await souk.ok(["config:set", "FAKE_URL=mine", "-a", app])
        let refused = try await souk.run(["addons:create", slug, "-a", app])
        #expect(refused.failedWithMessage)
        #expect(refused.stderr.contains("FAKE_URL"))
        #expect(refused.stderr.contains("--confirm \(app)"))
        #expect(try await souk.ok(["config:get", "FAKE_URL", "-a", app]).stdout == "mine\n")
        let confirmed = try await souk.ok(["addons:create", slug, "-a", app, "--confirm", app])
        #expect(confirmed.stderr.contains("Creating \(slug):basic on ⬢ \(app)... done"))
        #expect(confirmed.stdout.contains(" as FAKE_URL"))
        #expect(try await souk.ok(["config:get", "FAKE_URL", "-a", app]).stdout.hasPrefix("https://"))
        return String(name)
    }

    static func infoAndPlans(_ souk: inout CLISession, app: String, slug: String, addon: String, fake: FakeProvider)
        async throws
    {
        let listed = try await souk.ok(["addons", "-a", app])
        let row = try #require(listed.stdout.split(separator: "\n").first { $0.hasPrefix(addon) })
        #expect(row.contains("\(slug):premium"))
        #expect(row.contains("provisioned"))
        #expect(row.hasSuffix(app))
        let mine = try #require(try await souk.json(["addons"]) as? [[String: Any]])
        #expect(mine.count == 2)

        // by its attachment's name within the app
        let info = try await souk.ok(["addons:info", "CACHE", "-a", app])
        #expect(info.stdout.contains("=== \(addon)"))
        #expect(info.stdout.contains("Attachments:  \(app)::CACHE"))
        #expect(info.stdout.contains("Billing app:  \(app)"))
        #expect(info.stdout.contains("Plan:         \(slug):premium"))
        #expect(info.stdout.contains("Price:        $10.00/month"))
        #expect(info.stdout.contains("Config vars:  CACHE_URL"))
        #expect((try await souk.json(["addons:info", addon]) as? [String: Any])?["name"] as? String == addon)

        // without -a, the billing app comes from the add-on
        let down = try await souk.ok(["addons:downgrade", addon, "basic"])
        #expect(down.stderr.contains("Changing \(addon) on ⬢ \(app) from \(slug):premium to \(slug):basic... done"))
        #expect(fake.requests(for: .changePlan).last?.json?["plan"]?.stringValue == "basic")
        _ = try await souk.ok(["addons:upgrade", "CACHE", "\(slug):premium", "-a", app])
        #expect(fake.requests(for: .changePlan).last?.json?["plan"]?.stringValue == "premium")
        let plan = (try await souk.json(["addons:info", addon]) as? [String: Any])?["plan"] as? [String: Any]
        #expect(plan?["name"] as? String == "\(slug):premium")
    }

    static func attachAcrossApps(_ souk: inout CLISession, app: String, other: String, addon: String) async throws {
        _ = try await souk.ok(["apps:create", other])
        _ = try await souk.ok(["config:set", "SHARED_URL=taken", "-a", other])
        let refused = try await souk.run(["addons:attach", addon, "--as", "SHARED", "-a", other])
        #expect(refused.failedWithMessage)
        #expect(refused.stderr.contains("SHARED_URL") && refused.stderr.contains("--confirm \(other)"))
        let attached = try await souk.ok(["addons:attach", addon, "--as", "SHARED", "-a", other, "--confirm", other])
        #expect(attached.stderr.contains("Attaching \(addon) as SHARED to ⬢ \(other)... done"))
        #expect(attached.stderr.contains("Setting SHARED config vars and restarting ⬢ \(other)... done, v3"))
        let shared = try await souk.ok(["config:get", "SHARED_URL", "-a", other]).stdout
        #expect(shared == (try await souk.ok(["config:get", "CACHE_URL", "-a", app]).stdout))
        let listed = try await souk.ok(["addons", "-a", other]).stdout
        let row = try #require(listed.split(separator: "\n").first { $0.hasPrefix(addon) })
        #expect(row.hasSuffix(app))
        #expect(try await souk.ok(["addons:info", addon]).stdout.contains("\(app)::CACHE, \(other)::SHARED"))

        let detached = try await souk.ok(["addons:detach", "SHARED", "-a", other])
        #expect(detached.stderr.contains("Detaching SHARED to \(addon) from ⬢ \(other)... done"))
        #expect(detached.stderr.contains("Unsetting SHARED config vars and restarting ⬢ \(other)... done, v4"))
        #expect(try await souk.run(["config:get", "SHARED_URL", "-a", other]).status != 0)
        #expect(try await souk.ok(["addons", "-a", other]).stdout.contains("No add-ons"))
    }

    /// A Heroku-flavour provider signs in by POSTed form: a local page, private, every value escaped.
    static func openHerokuDashboard(_ souk: inout CLISession, app: String, slug: String, fake: FakeProvider)
        async throws
    {
        let oddID = #"o'b<&>"1"#
        fake.misbehave(.provision, times: 1, .id(.string(oddID)))
        _ = try await souk.ok(["addons:create", slug, "--as", "DASH", "-a", app])
        let opened = try await souk.ok(["addons:open", "DASH", "-a", app, "--show-url"])
        let path = opened.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(path.hasSuffix(".html"))
        #expect(opened.stderr.contains("short-lived"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains(#"<form method="post" action="http://127.0.0.1:\#(fake.port)/sso/login">"#))
        #expect(html.contains(#"<input type="hidden" name="id" value="o&#39;b&lt;&amp;&gt;&quot;1">"#))
        #expect(!html.contains(oddID))
        #expect(html.contains(#"name="token""#))
        #expect(html.contains(#"name="context_app" value="\#(app)""#))
        #expect(html.contains("<script>") && html.contains("<button"))
        #expect(!opened.stdout.contains("token"))
        try FileManager.default.removeItem(atPath: path)
    }

    static func destroy(_ souk: inout CLISession, app: String, other: String, addon: String, fake: FakeProvider)
        async throws
    {
        let unconfirmed = try await souk.run(["addons:destroy", addon])
        #expect(unconfirmed.failedWithMessage)
        #expect(unconfirmed.stderr.contains("--confirm \(app)"))
        #expect(try await souk.run(["addons:destroy", addon, "--confirm", other]).failedWithMessage)
        let destroyed = try await souk.ok(["addons:destroy", addon, "--confirm", app])
        #expect(destroyed.stderr.contains("Destroying \(addon) on ⬢ \(app)... done"))
        #expect(try await souk.run(["config:get", "CACHE_URL", "-a", app]).status != 0)
        #expect(try await souk.run(["addons:info", addon]).failedWithMessage)
        #expect(try await eventually { fake.requests(for: .deprovision).count == 1 })

        #expect(try await souk.run(["apps:destroy", "-a", other]).failedWithMessage)
        #expect(try await souk.run(["apps:destroy", "-a", other, "--confirm", app]).failedWithMessage)
        let gone = try await souk.ok(["apps:destroy", "-a", other, "--confirm", other])
        #expect(gone.stderr.contains("Destroying ⬢ \(other) (including all add-ons)... done"))
        let lookup = try await souk.run(["apps:info", "-a", other])
        #expect(lookup.failedWithMessage)
        #expect(lookup.stderr.contains("Couldn't find that app."))
    }
}
