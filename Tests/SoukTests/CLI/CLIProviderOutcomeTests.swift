import Foundation
import HTTPTypes
import SoukCore
import Testing

/// What `addons:create` tells a customer about the provider: the config vars the app really received, and
/// what went wrong when the provider failed, could not be reached or did not answer in time.
@Suite("The souk command line: what a provider did, as the customer sees it")
struct CLIProviderOutcomeTests {
    @Test("addons:create names the config vars the app received, and says when the provider sent none", .soukDatabase)
    func receivedConfigVars() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await LiveSouk.run(TestApp.forAddons()) { baseURL, api in
                // declares two names, sends only FAKE_URL
                let (slug, _) = try await Marketplace.registerHeroku(
                    api, fake: fake, configVars: ["FAKE_URL", "FAKE_TOKEN"], requires: ["many_per_app"]
                )
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                var souk = try CLISession(baseURL: baseURL, key: user.key)

                let some = try await souk.ok(["addons:create", slug, "--as", "PRIMARY", "-a", app])
                #expect(some.stdout.contains(" as PRIMARY_URL\n"), "\(some.stdout)")
                #expect(!some.stdout.contains("PRIMARY_TOKEN"), "declared but never sent: \(some.stdout)")

                fake.misbehave(.provision, times: 1, .config(nil))
                let none = try await souk.ok(["addons:create", slug, "--as", "EMPTY", "-a", app])
                #expect(none.stdout.contains(" on ⬢ \(app) (no config vars yet)"), "\(none.stdout)")
                #expect(!none.stdout.contains(" as "), "\(none.stdout)")
                let vars = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object
                #expect(vars.keys.sorted() == ["PRIMARY_URL"])
            }
        }
    }

    @Test(
        "addons:create against a provider that fails, closes the connection or hangs says which", .soukDatabase,
        arguments: ["500", "close", "hang"])
    func providerFailsForReal(failure: String) async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            // A 3 s call timeout: at 1 s a loaded machine timed out even the provider's instant 500.
            try await LiveSouk.run(TestApp.forAddons(timeout: 3)) { baseURL, api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let expected: String
                switch failure {
                case "500":
                    fake.misbehave(.provision, times: 1, .reply(status: 500, body: #"{"message": "disk full"}"#))
                    expected = " ▸    The add-on provider failed to handle the request (HTTP 500): disk full"
                case "close":
                    fake.misbehave(.provision, times: 1, .closeConnection)
                    expected = " ▸    The add-on provider could not be reached"
                default:
                    fake.misbehave(.provision, times: 1, .hang(.seconds(10)))
                    expected = " ▸    The add-on provider did not answer in time"
                }
                let cli = try CLIRunner(baseURL: baseURL)
                let result = try await cli.run(["addons:create", slug, "-a", app], key: user.key)
                #expect(result.failedWithMessage)
                let lines = result.stderr.split(separator: "\n")
                #expect(lines.contains { $0.hasPrefix(expected) }, "\(result.stderr)")
                #expect(result.stderr.contains("No add-on was created"))
                #expect(!result.stdout.contains("Created"))
            }
        }
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var status: Int
        var body: String
        /// The line stderr must hold, after ` ▸    `.
        var line: String
        var testDescription: String { line }
    }

    static let failures: [Failure] = [
        Failure(
            status: 502, body: #"{"id": "provider_error", "message": "boom", "provider_status": 500}"#,
            line: "The add-on provider failed (HTTP 500): boom"
        ),
        Failure(
            status: 502, body: #"{"id": "provider_error", "message": "it sent garbage"}"#,
            line: "The add-on provider failed: it sent garbage"
        ),
        Failure(
            status: 502,
            body: #"""
                {"id": "provider_error", "provider_status": 500,
                 "message": "The add-on provider failed to handle the request (HTTP 500): boom No add-on was created."}
                """#,
            line: "The add-on provider failed to handle the request (HTTP 500): boom No add-on was created."
        ),
        Failure(
            status: 502,
            body: #"""
                {"id": "provider_error", "provider_status": 401,
                 "message": "The add-on provider rejected the platform's credentials."}
                """#,
            line: "The add-on provider rejected the platform's credentials. (HTTP 401)"
        ),
        Failure(
            status: 503, body: #"{"id": "provider_unavailable", "message": "No add-on was created."}"#,
            line: "The add-on provider could not be reached: No add-on was created."
        ),
        Failure(
            status: 504, body: #"{"id": "provider_timeout", "message": "No add-on was created."}"#,
            line: "The add-on provider did not answer in time: No add-on was created."
        ),
        Failure(
            status: 422, body: #"{"id": "invalid_params", "message": "The plan is too small for this app."}"#,
            line: "The plan is too small for this app."
        ),
    ]

    @Test(
        "A provider's failure reads as what happened: an HTTP error, no connection, no answer in time, a refusal",
        arguments: failures)
    func providerFailures(failure: Failure) async throws {
        try await FakePlatform.run(status: failure.status, body: failure.body) { platform in
            let cli = try CLIRunner(baseURL: platform.baseURL)
            let result = try await cli.run(["addons:create", "fake:basic", "-a", "some-app"], key: "key")
            #expect(result.failedWithMessage)
            let lines = result.stderr.split(separator: "\n").map(String.init)
            #expect(lines.contains(" ▸    \(failure.line)"), "\(result.stderr)")
            #expect(platform.paths.contains("POST /apps/some-app/addons"))
        }
    }
}
