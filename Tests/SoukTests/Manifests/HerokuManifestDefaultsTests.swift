import SoukCore
import Testing

@Suite("Heroku manifests from older tools get defaults, each with a warning")
struct HerokuManifestDefaultsTests {
    static func validate(_ document: JSONValue) -> ManifestValidation {
        ManifestValidator.validate(document, rules: ManifestRules())
    }

    @Test(
        "Without name, the id in words",
        arguments: [
            ("errorbucket", "Errorbucket"), ("my-addon", "My Addon"), ("fast-db-2", "Fast Db 2"), ("a1", "A1"),
        ])
    func name(id: String, expected: String) throws {
        let document = try ManifestFixtures.heroku().setting("name", to: nil).setting("id", to: .string(id))
            .setting("api.config_vars_prefix", to: .string("ERRORBUCKET"))
        let validation = Self.validate(document)
        #expect(validation.errors == [])
        #expect(validation.manifest?.name == expected)
        #expect(validation.warnings == ["name is missing; using \"\(expected)\" (the id in words)"])
    }

    @Test("A null name counts as missing; a blank or mistyped one is still an error")
    func presentName() throws {
        #expect(Self.validate(try ManifestFixtures.heroku().setting("name", to: .null)).manifest?.name == "Errorbucket")
        let blank = Self.validate(try ManifestFixtures.heroku().setting("name", to: .string(" ")))
        #expect(blank.errors == [FieldError(field: "name", message: "can't be blank")])
        #expect(blank.warnings == [])
    }

    @Test("Without a valid id there is no name to default to, and only the id's error")
    func nameWithoutSlug() throws {
        let validation = Self.validate(
            try ManifestFixtures.heroku().setting("name", to: nil).setting("id", to: .string("Error Bucket")))
        #expect(validation.errors.map(\.field) == ["id"])
        #expect(validation.warnings == [])
    }

    @Test("Without regions, every region Souk has")
    func regions() throws {
        let validation = Self.validate(try ManifestFixtures.heroku().setting("api.regions", to: nil))
        let every = Region.allCases.map(\.rawValue)
        #expect(every == ["us", "eu"])
        #expect(validation.manifest?.regions == every)
        #expect(validation.warnings == ["api.regions is missing; using us, eu (every region Souk has)"])
    }

    @Test("Without api.test, the production URLs")
    func test() throws {
        let validation = Self.validate(try ManifestFixtures.heroku().setting("api.test", to: nil))
        let production = AddonManifest.Endpoints(
            baseURL: "https://errorbucket.com/heroku/resources", ssoURL: "https://errorbucket.com/sso/login")
        #expect(validation.manifest?.production == production)
        #expect(validation.manifest?.test == production)
        #expect(
            validation.warnings == [
                "api.test is missing; using the production URLs (base_url https://errorbucket.com/heroku/resources "
                    + "and sso_url https://errorbucket.com/sso/login)"
            ])
    }

    @Test(
        "A base URL string gives kensa's paths under it, with or without the trailing slash",
        arguments: [
            "https://errorbucket.com/", "https://errorbucket.com", "https://errorbucket.com//",
        ])
    func baseURLString(base: String) throws {
        let validation = Self.validate(try ManifestFixtures.heroku().setting("api.production", to: .string(base)))
        #expect(validation.errors == [])
        #expect(
            validation.manifest?.production
                == .init(
                    baseURL: "https://errorbucket.com/heroku/resources", ssoURL: "https://errorbucket.com/sso/login"))
        #expect(
            validation.warnings == [
                "api.production is a base URL (kensa's v1 form); using base_url https://errorbucket.com/heroku/resources "
                    + "and sso_url https://errorbucket.com/sso/login"
            ])
    }

    @Test("A base URL keeps its path, and in production the https and public-host rules")
    func baseURLRules() throws {
        let pathed = Self.validate(
            try ManifestFixtures.heroku().setting("api.production", to: .string("https://example.com/addon/")))
        #expect(pathed.manifest?.production.baseURL == "https://example.com/addon/heroku/resources")
        for url in ["http://errorbucket.com/", "https://127.0.0.1/"] {
            let strict = Self.validate(try ManifestFixtures.heroku().setting("api.production", to: .string(url)))
            #expect(strict.errors.map(\.field) == ["api.production"])
            #expect(strict.warnings == [])
            let relaxed = ManifestValidator.validate(
                try ManifestFixtures.heroku().setting("api.production", to: .string(url)),
                rules: ManifestRules(allowsInsecureURLs: true))
            #expect(relaxed.manifest?.production.baseURL == url + "heroku/resources")
        }
    }

    @Test("kensa 1.1's `kensa init`: no name, no regions, base URL strings")
    func kensaGetTemplate() throws {
        let validation = Self.validate(try ManifestFixtures.parse(LegacyManifests.kensaGet))
        let manifest = try #require(validation.manifest, "\(validation.errors)")
        #expect(manifest.slug == "myaddon")
        #expect(manifest.name == "Myaddon")
        #expect(manifest.regions == ["us", "eu"])
        #expect(manifest.configVars == ["MYADDON_URL"])
        #expect(
            manifest.production
                == .init(
                    baseURL: "https://yourapp.com/heroku/resources", ssoURL: "https://yourapp.com/sso/login"))
        #expect(
            manifest.test
                == .init(
                    baseURL: "http://localhost:4567/heroku/resources", ssoURL: "http://localhost:4567/sso/login"))
        #expect(
            validation.warnings == [
                "name is missing; using \"Myaddon\" (the id in words)",
                "api.regions is missing; using us, eu (every region Souk has)",
                "api.production is a base URL (kensa's v1 form); using base_url https://yourapp.com/heroku/resources "
                    + "and sso_url https://yourapp.com/sso/login",
                "api.test is a base URL (kensa's v1 form); using base_url http://localhost:4567/heroku/resources "
                    + "and sso_url http://localhost:4567/sso/login",
            ])
    }

    @Test("kensa 1.2–1.4's `kensa init` and the django add-on: no name, no regions")
    func kensaPostTemplate() throws {
        for text in [LegacyManifests.kensaPost, LegacyManifests.djangoHerokuAddon] {
            let validation = Self.validate(try ManifestFixtures.parse(text))
            let manifest = try #require(validation.manifest, "\(validation.errors)")
            #expect(manifest.regions == ["us", "eu"])
            #expect(validation.warnings.count == 2)
            #expect(validation.warnings.first?.hasPrefix("name is missing; using \"") == true)
            #expect(validation.warnings.last == "api.regions is missing; using us, eu (every region Souk has)")
        }
        let django = try #require(Self.validate(try ManifestFixtures.parse(LegacyManifests.djangoHerokuAddon)).manifest)
        #expect(django.name == "Guples")
        #expect(django.test?.baseURL == "http://localhost:8000/heroku/resources")
    }

    @Test("kensa 2's `kensa init`, which has regions, only lacks a name")
    func kensaTwoTemplate() throws {
        let validation = Self.validate(try ManifestFixtures.parse(LegacyManifests.kensaTwo))
        #expect(validation.manifest?.regions == ["us"])
        #expect(validation.warnings == ["name is missing; using \"Myaddon\" (the id in words)"])
    }

    @Test("A full manifest gets no defaults and no warnings")
    func noDefaults() throws {
        let validation = Self.validate(try ManifestFixtures.heroku())
        #expect(validation.warnings == [])
        #expect(validation.manifest?.name == "Errorbucket")
    }
}
