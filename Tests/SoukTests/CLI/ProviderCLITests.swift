import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("The souk command line for providers: generate, validate and push manifests")
struct ProviderCLITests {
    /// Writes `text` to a file of its own and returns the path.
    static func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString).json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test(
        "generate prints a manifest with fresh secrets that validate passes unchanged", .soukDatabase,
        arguments: ["heroku", "scalingo"])
    func generateThenValidate(flavour: String) async throws {
        let cli = try CLIRunner(baseURL: "http://127.0.0.1:9")
        let slug = Manifests.uniqueSlug("gen")
        let first = try await cli.run(["addons:admin:manifest:generate", "--slug", slug, "--flavour", flavour])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await cli.run(["addons:admin:manifest:generate", "--slug", slug, "--flavour", flavour])

        let document = try JSONDecoder().decode(JSONValue.self, from: Data(first.stdout.utf8))
        let secrets = flavour == "heroku" ? try #require(document["api"]) : document
        let password = try #require(secrets["password"]?.stringValue)
        let salt = try #require(secrets["sso_salt"]?.stringValue)
        for secret in [password, salt] {
            #expect(secret.count == 32)
            #expect(secret.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        }
        #expect(password != salt)
        #expect(!second.stdout.contains(password), "every run draws new secrets")
        let test = flavour == "heroku" ? document["api"]?["test"] : document["test"]
        #expect(test?["base_url"]?.stringValue?.hasPrefix("http://localhost:3000/") == true)
        let production = flavour == "heroku" ? document["api"]?["production"] : document["production"]
        #expect(production?["sso_url"]?.stringValue?.hasPrefix("https://") == true)

        // valid for the strictest platform, not only with --allow-insecure
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        #expect(validation.errors.isEmpty, "\(validation.errors)")
        #expect(validation.warnings.isEmpty, "\(validation.warnings)")
        #expect(validation.manifest?.slug == slug)
        let validated = try await cli.run(["addons:admin:manifest:validate", try Self.file(first.stdout)])
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(
            validated.stdout.contains("is a valid \(flavour == "heroku" ? "Heroku" : "Scalingo") manifest for \(slug)"))

        let badSlug = try await cli.run(["addons:admin:manifest:generate", "--slug", "Not A Slug"])
        #expect(badSlug.status != 0)
        #expect(badSlug.stderr.contains(" ▸"))
        #expect(badSlug.stderr.contains("is not a valid slug"))
        #expect(badSlug.stdout.isEmpty)
    }

    @Test("validate lists every error of a broken manifest against its field and exits non-zero", .soukDatabase)
    func validateBrokenManifest() async throws {
        let cli = try CLIRunner(baseURL: "http://127.0.0.1:9")
        var manifest = Manifests.heroku()
        var api = try #require(manifest["api"] as? [String: Any])
        api["password"] = ""
        api["regions"] = ["mars"]
        api["config_vars"] = ["lowercase", "OTHER_URL"]
        api["username"] = "someone"
        api["production"] = ["base_url": "http://errorbucket.example.com/heroku/resources"]
        manifest["api"] = api
        manifest["id"] = "Bad Slug"
        let path = try Self.file(try Self.json(manifest))

        let result = try await cli.run(["addons:admin:manifest:validate", path])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        let expected = [
            "is not a valid manifest",
            " ▸      id is not a valid slug",
            "api.username is deprecated: Please authenticate using the add-on id.",
            "api.password can't be blank",
            "api.regions[0] is not a supported region",
            "api.regions must include us or *",
            "api.config_vars[0] is not a valid ENV key",
            "api.production.base_url must use https",
            "api.production.sso_url can't be blank",
        ]
        for line in expected {
            #expect(result.stderr.contains(line), "missing \(line) in \(result.stderr)")
        }
        // exactly the validator's verdict, every error of it
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(try Self.json(manifest).utf8))
        let errors = ManifestValidator.validate(document, rules: ManifestRules()).errors
        #expect(result.stderr.contains("(\(errors.count) errors)"))
        for error in errors {
            #expect(result.stderr.contains(error.description))
        }

        let notJSON = try await cli.run(["addons:admin:manifest:validate", try Self.file("{\"id\": ")])
        #expect(notJSON.status != 0)
        #expect(notJSON.stderr.contains("is not valid JSON"))
        let missing = try await cli.run(["addons:admin:manifest:validate", "/nonexistent/manifest.json"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("Could not read /nonexistent/manifest.json"))
    }

    @Test("--allow-insecure accepts http and loopback production URLs, as a development platform does", .soukDatabase)
    func allowInsecure() async throws {
        let cli = try CLIRunner(baseURL: "http://127.0.0.1:9")
        var manifest = Manifests.heroku()
        var api = try #require(manifest["api"] as? [String: Any])
        api["production"] = [
            "base_url": "http://localhost:3000/heroku/resources", "sso_url": "http://127.0.0.1:3000/sso",
        ]
        manifest["api"] = api
        let path = try Self.file(try Self.json(manifest))

        let strict = try await cli.run(["addons:admin:manifest:validate", path])
        #expect(strict.status != 0)
        // each error the development policy forgives names the option that applies it
        let hint = "(use --allow-insecure to accept http:// and loopback URLs, as a development server does)"
        #expect(strict.stderr.contains("api.production.base_url must use https \(hint)"), "\(strict.stderr)")
        #expect(strict.stderr.contains("api.production.sso_url must not point to a loopback host \(hint)"))
        let relaxed = try await cli.run(["addons:admin:manifest:validate", path, "--allow-insecure"])
        #expect(relaxed.status == 0, "\(relaxed.stderr)")

        // an error no policy forgives gets no hint, and --allow-insecure does not hide it
        api["password"] = ""
        manifest["api"] = api
        let broken = try Self.file(try Self.json(manifest))
        let both = try await cli.run(["addons:admin:manifest:validate", broken])
        #expect(both.stderr.contains("api.production.base_url must use https \(hint)"))
        let blank = try #require(both.stderr.split(separator: "\n").first { $0.contains("api.password") })
        #expect(blank.hasSuffix("api.password can't be blank"), "\(both.stderr)")
        let stillBroken = try await cli.run(["addons:admin:manifest:validate", broken, "--allow-insecure"])
        #expect(stillBroken.status != 0)
        #expect(stillBroken.stderr.contains("(1 error)"), "\(stillBroken.stderr)")
        #expect(!stillBroken.stderr.contains("--allow-insecure to accept"))

        let scalingo = try await cli.run([
            "addons:admin:manifest:validate", try Self.file(try Self.json(Manifests.scalingo())),
        ])
        #expect(scalingo.status == 0, "\(scalingo.stderr)")
        #expect(scalingo.stderr.contains("Warning: config var EXAMPLE_VARIABLE_1 does not start with"))
    }

    @Test("validate accepts a manifest kensa wrote (no name, regions or test) and prints every warning", .soukDatabase)
    func validateOldManifest() async throws {
        let cli = try CLIRunner(baseURL: "http://127.0.0.1:9")
        var manifest = Manifests.heroku(slug: Manifests.uniqueSlug("old-tool"))
        manifest["name"] = nil
        var api = try #require(manifest["api"] as? [String: Any])
        api["regions"] = nil
        api["test"] = nil
        manifest["api"] = api
        let text = try Self.json(manifest)

        let result = try await cli.run(["addons:admin:manifest:validate", try Self.file(text)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("is a valid Heroku manifest"))
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix(" ▸    Warning: ") && $0.contains("name") }, "\(result.stderr)")
        // every warning of the validator's report, each on a line of its own
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        let warnings = ManifestValidator.validate(document, rules: ManifestRules()).warnings
        #expect(warnings.count >= 3, "name, regions and test: \(warnings)")
        for warning in warnings {
            #expect(lines.contains(" ▸    Warning: \(warning)"[...]), "missing \(warning) in \(result.stderr)")
        }
    }

    @Test(
        "push creates the service, a second push makes manifest version 2, and a refused one lists every error",
        .soukDatabase)
    func pushCreatesThenUpdates() async throws {
        try await LiveSouk.run(TestApp.forAddons()) { baseURL, api in
            let provider = try await api.createUser()
            let cli = try CLIRunner(baseURL: baseURL)
            let slug = Manifests.uniqueSlug("push")
            let generated = try await cli.run(["addons:admin:manifest:generate", "--slug", slug])
            let path = try Self.file(generated.stdout)

            let created = try await cli.run(["addons:admin:manifest:push", path], key: provider.key)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("Created \(slug) (Heroku flavour): manifest version 1, state alpha"))
            #expect(created.stderr.contains("Pushing \(path)... done"))

            // A fresh password makes the manifest differ: an unchanged one would keep version 1 (issue #9, item 4).
            let regenerated = try await cli.run(["addons:admin:manifest:generate", "--slug", slug])
            let changedPath = try Self.file(regenerated.stdout)
            let updated = try await cli.run(["addons:admin:manifest:push", changedPath], key: provider.key)
            #expect(updated.status == 0, "\(updated.stderr)")
            #expect(updated.stdout.contains("Updated \(slug): manifest version 2, state alpha"))

            let service = try await api.call(.get, "/provider/addon-services/\(slug)", key: provider.key)
            #expect(service.object["manifest_version"] as? Int == 2)
            #expect(service.object["state"] as? String == "alpha")
            let versions = try await api.call(.get, "/provider/addon-services/\(slug)/manifests", key: provider.key)
            #expect(versions.array.count == 2)
            let listed = try await api.call(.get, "/provider/addon-services", key: provider.key)
            #expect(listed.array.compactMap { $0["name"] as? String }.contains(slug))

            var broken = Manifests.heroku()
            var brokenAPI = try #require(broken["api"] as? [String: Any])
            brokenAPI["password"] = ""
            brokenAPI["regions"] = ["mars"]
            broken["api"] = brokenAPI
            let refused = try await cli.run(
                ["addons:admin:manifest:push", try Self.file(try Self.json(broken))], key: provider.key)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains(" ▸"))
            #expect(refused.stderr.contains("api.password can't be blank"))
            #expect(refused.stderr.contains("api.regions[0] is not a supported region"))
            #expect(refused.stderr.contains("api.regions must include us or *"))

            let scalingoPath = try Self.file(try Self.json(Manifests.scalingo()))
            let scalingo = try await cli.run(["addons:admin:manifest:push", scalingoPath], key: provider.key)
            #expect(scalingo.status == 0, "\(scalingo.stderr)")
            #expect(scalingo.stdout.contains("(Scalingo flavour): manifest version 1, state alpha"))
            #expect(scalingo.stderr.contains("Warning: config var EXAMPLE_VARIABLE_1 does not start with"))

            let anonymous = try await cli.run(["addons:admin:manifest:push", path], key: "wrong")
            #expect(anonymous.status != 0)
            #expect(anonymous.stderr.contains(" ▸"))
        }
    }
}
