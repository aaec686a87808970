import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("The souk command line: waiting for providers, link sign-on, errors")
struct CustomerCLIAddonTests {
    let testApp = TestApp.forAddons()

    @Test(
        "addons:create --wait polls while the provider works in the background, and fails if it gives up", .soukDatabase
    )
    func waitForProvider() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await LiveSouk.run(testApp) { baseURL, api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake, requires: ["many_per_app"])
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let cli = try CLIRunner(baseURL: baseURL)
                let provider = Marketplace.basic(slug, fake.password)
                let fast = ["SOUK_WAIT_INTERVAL": "0.2"]

                fake.misbehave(.provision, times: 1, .accepted)
                async let waiting = cli.run(
                    ["addons:create", slug, "--as", "ASYNC", "--wait", "-a", app], key: user.key, environment: fast
                )
                let id = try await Self.provisioningAddon(api, app: app, key: user.key)
                try await Task.sleep(for: .milliseconds(500))  // a few polls see it provisioning
                let config = #"{"config": [{"name": "FAKE_URL", "value": "redis://ready"}]}"#
                let partner: HTTPFields = [.authorization: provider]
                #expect(
                    try await api.call(.patch, "/addons/\(id)/config", key: nil, body: config, headers: partner).status
                        == .ok)
                #expect(
                    try await api.call(.post, "/addons/\(id)/actions/provision", key: nil, headers: partner).status
                        == .ok)
                let done = try await waiting
                #expect(done.status == 0, "\(done.stderr)")
                #expect(done.stderr.contains("Creating \(slug):basic on ⬢ \(app)... done"))
                #expect(done.stderr.contains("Waiting for ") && done.stderr.contains("... done"))
                #expect(done.stdout.contains(" as ASYNC_URL"))
                let vars = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object
                #expect(vars["ASYNC_URL"] as? String == "redis://ready")

                fake.misbehave(.provision, times: 1, .accepted)
                async let failing = cli.run(
                    ["addons:create", slug, "--as", "DOOMED", "--wait", "-a", app], key: user.key, environment: fast
                )
                let doomed = try await Self.provisioningAddon(api, app: app, key: user.key)
                #expect(
                    try await api.call(.post, "/addons/\(doomed)/actions/deprovision", key: nil, headers: partner)
                        .status == .ok)
                let failed = try await failing
                #expect(failed.failedWithMessage)
                #expect(failed.stderr.contains("deprovisioned"))
                #expect(!failed.stdout.contains("Created"))

                // without --wait the CLI says where things stand and returns
                fake.misbehave(.provision, times: 1, .accepted)
                let background = try await cli.run(["addons:create", slug, "--as", "LATER", "-a", app], key: user.key)
                #expect(background.status == 0)
                #expect(background.stdout.contains("is being created in the background"))
            }
        }
    }

    /// The id of the app's add-on that is still provisioning, once the provider's 202 has been recorded (its
    /// `provider_id` is set). Only then has `POST …/addons` answered "provisioning": a test that completed the
    /// add-on before that (the add-on is visible as soon as it is recorded, before the call) raced the answer.
    static func provisioningAddon(_ api: API, app: String, key: String) async throws -> String {
        var found: String?
        _ = try await eventually {
            found =
                try await api.call(.get, "/apps/\(app)/addons", key: key).array
                .first { $0["state"] as? String == "provisioning" && $0["provider_id"] is String }?["id"] as? String
            return found != nil
        }
        return try #require(found)
    }

    @Test("addons:open --show-url prints a Scalingo provider's sign-on link, token included", .soukDatabase)
    func scalingoLink() async throws {
        try await FakeProvider.run(flavour: .scalingo, username: "fake-user") { fake in
            try await LiveSouk.run(testApp) { baseURL, api in
                let (slug, _) = try await Marketplace.registerScalingo(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                var souk = try CLISession(baseURL: baseURL, key: user.key)
                _ = try await souk.ok(["addons:create", slug, "-a", app])
                let listed = try await souk.json(["addons", "-a", app]) as? [[String: Any]]
                let addon = try #require(listed?.first?["name"] as? String)

                for arguments in [
                    ["addons:open", addon, "-a", app, "--show-url"], ["addons:open", addon, "--show-url"],
                ] {
                    let opened = try await souk.ok(arguments)
                    let link = opened.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                    #expect(link.hasPrefix("http://127.0.0.1:\(fake.port)/sso?id="), "\(link)")
                    #expect(link.contains("&timestamp=") && link.contains("&token="))
                    #expect(opened.stderr.contains("short-lived"))
                }
                #expect(!souk.printedColour)
            }
        }
    }

    @Test(
        "Errors print ` ▸ message` on stderr and exit non-zero; --help shows examples; no colour off a terminal",
        .soukDatabase)
    func errors() async throws {
        try await LiveSouk.run(testApp) { baseURL, api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            var souk = try CLISession(baseURL: baseURL, key: user.key)

            let unknown = try await souk.run([
                "config", "-a", "no-such-app-\(UUID().uuidString.prefix(8).lowercased())",
            ])
            #expect(unknown.failedWithMessage)
            #expect(unknown.stderr.contains("Couldn't find that app."))
            for command in [["config"], ["config:set", "A=1"], ["releases"], ["apps:info"], ["addons:create", "x"]] {
                let missing = try await souk.run(command)
                #expect(missing.failedWithMessage, "\(command)")
                #expect(missing.stderr.contains("-a, --app"), "\(command)")
            }

            // refused before anything is sent: still only the initial release
            for bad in [["NOEQUALS"], ["1BAD=x"], ["GOOD=1", "BAD-NAME=2"]] {
                let refused = try await souk.run(["config:set"] + bad + ["-a", app])
                #expect(refused.failedWithMessage, "\(bad)")
            }
            #expect(try await souk.run(["config:unset", "BAD-NAME", "-a", app]).failedWithMessage)
            #expect(try await api.call(.get, "/apps/\(app)/releases", key: user.key).array.count == 1)
            #expect(try await souk.run(["releases:rollback", "vX", "-a", app]).failedWithMessage)
            #expect(try await souk.run(["addons:create", "nothing-here", "-a", app]).failedWithMessage)
            #expect(try await souk.run(["addons:create", "x", "-a", app, "--", "loose"]).failedWithMessage)
            #expect(try await souk.run(["addons:info", "nothing-here"]).failedWithMessage)
            #expect(try await souk.run(["apps"], environment: ["SOUK_API_KEY": "wrong"]).failedWithMessage)

            let help = try await souk.ok(["addons:create", "--help"])
            #expect(help.stdout.contains("Example:"))
            #expect(help.stdout.contains("--size=large"))
            #expect(try await souk.ok(["help", "addons:open"]).stdout.contains("Example:"))
            #expect(!souk.printedColour)
        }
    }
}
