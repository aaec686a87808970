import SoukCore
import Testing

@Suite("Scalingo manifest validation")
struct ScalingoManifestValidatorTests {
    static let long = String(repeating: "x", count: 256)

    static let cases: [ManifestCase] = [
        ManifestCase("name", nil, "can't be blank"),
        ManifestCase("name", .string(""), "can't be blank"),
        ManifestCase("name", .number(1), "must be a string"),
        ManifestCase("name", .string(long), "is too long (maximum is 255 characters)"),
        ManifestCase("name", .string("42"), "gives the slug \"42\", which is not valid"),
        ManifestCase("name", .string("A"), "gives the slug \"a\", which is not valid"),
        ManifestCase("name", .string("!!!"), "gives the slug \"\", which is not valid"),
        ManifestCase("id", .string("Example Addon"), "is not a valid slug"),
        ManifestCase("id", .string(""), "can't be blank"),
        ManifestCase("id", .number(5), "must be a string"),
        ManifestCase("username", nil, "can't be blank"),
        ManifestCase("username", .string(""), "can't be blank"),
        ManifestCase("password", nil, "can't be blank"),
        ManifestCase("password", .string(" "), "can't be blank"),
        ManifestCase("sso_salt", .string(""), "can't be blank"),
        ManifestCase("sso_salt", .array([]), "must be a string"),
        ManifestCase("short_description", .string(""), "can't be blank"),
        ManifestCase("short_description", .string(long), "is too long (maximum is 255 characters)"),
        ManifestCase("description", nil, "can't be blank"),
        ManifestCase(
            "description", .string(String(repeating: "d", count: 10_001)),
            "is too long (maximum is 10000 characters)"),
        ManifestCase("logo_url", .string("not a url"), "is not a valid URL"),
        ManifestCase("logo_url", .string("ftp://cdn.myaddon.com/logo.png"), "must be an http or https URL"),
        ManifestCase("logo_url", .number(5), "must be a string"),
        ManifestCase("log_drain", .string("yes"), "must be a boolean"),
        ManifestCase("config_vars", nil, "should have at least one element"),
        ManifestCase("config_vars", .array([]), "should have at least one element"),
        ManifestCase("config_vars", .string("EXAMPLE_VARIABLE_1"), "must be an array of strings"),
        ManifestCase("config_vars[0]", .string("example_variable"), "is not a valid ENV key"),
        ManifestCase("config_vars[0]", .object([:]), "must be a string"),
        ManifestCase(
            "config_vars", .array([.string("EXAMPLE_VARIABLE_1"), .string("EXAMPLE_VARIABLE_1")]),
            "config_vars[1]", "is declared twice"),
        ManifestCase(
            "config_vars", ManifestFixtures.configVars(101, prefix: "EXAMPLE_ADDON"),
            "has too many elements (maximum is 100)"),
        ManifestCase("production", .string("https://myaddon.com/resources"), "must be an object"),
        ManifestCase("production.base_url", nil, "can't be blank"),
        ManifestCase("production.sso_url", nil, "can't be blank"),
        ManifestCase("production.base_url", .string("http://myaddon.com/resources"), "must use https"),
        ManifestCase("production.sso_url", .string("https://192.168.0.2/sso"), "must not point to a private host"),
        ManifestCase("production.base_url", .string("myaddon.com/resources"), "is not a valid URL"),
        ManifestCase("test", .string("http://localhost:3000/resources"), "must be an object"),
        ManifestCase("test.base_url", .string("nope"), "is not a valid URL"),
        ManifestCase("test.sso_url", .string("file:///sso"), "must be an http or https URL"),
        ManifestCase("plans", .array([]), "should have at least one element"),
        ManifestCase("plans", .object([:]), "must be an array of objects"),
        ManifestCase("plans[0]", .string("free"), "must be an object"),
        ManifestCase("plans[0].name", .string(""), "can't be blank"),
        ManifestCase("plans[0].name", .string("Free Tier"), "is not a valid plan name"),
        ManifestCase("plans[1].name", .string("free"), "is declared twice"),
        ManifestCase("plans[0].display_name", nil, "can't be blank"),
        ManifestCase("plans[0].display_name", .string(""), "can't be blank"),
        ManifestCase("plans[0].price", nil, "can't be blank"),
        ManifestCase("plans[0].price", .string("0"), "must be a number"),
        ManifestCase("plans[0].price", .number(-1), "must be greater than or equal to 0"),
        ManifestCase("plans[0].price", .number(1e300), "must be less than or equal to 1000000"),
        ManifestCase("plans[0].description", .number(5), "must be a string"),
        ManifestCase("plans[0].options", .string("big"), "must be an object"),
        ManifestCase("plans[0].options", .object(["size": .number(1)]), "plans[0].options.size", "must be a string"),
        ManifestCase(
            "plans[0].options", .object(Dictionary(uniqueKeysWithValues: (0...50).map { ("k\($0)", .string("v")) })),
            "has too many entries (maximum is 50)"),
    ]

    @Test("Each rule reports against its field", arguments: cases)
    func rule(_ failing: ManifestCase) throws {
        failing.check(try ManifestFixtures.scalingo())
    }

    @Test("A missing plans array is a Scalingo error, not a flavour question")
    func missingPlans() throws {
        ManifestCase("plans", nil, "should have at least one element").check(try ManifestFixtures.scalingo())
    }

    @Test("The example normalises to the manifest Souk keeps, with a warning for its unprefixed config var")
    func normalised() throws {
        let validation = ManifestValidator.validate(try ManifestFixtures.scalingo(), rules: ManifestRules())
        #expect(validation.errors == [])
        #expect(
            validation.warnings == [
                "config var EXAMPLE_VARIABLE_1 does not start with EXAMPLE_ADDON_; it will keep its name under the "
                    + "default attachment and be prefixed under others"
            ])
        #expect(
            validation.manifest
                == AddonManifest(
                    flavour: .scalingo, slug: "example-addon", name: "Example Addon",
                    shortDescription: "This addon is providing an awesome tool",
                    description: "# Example Addon\n## What we provide\n This is an awesome markdown description",
                    logoURL: "//cdn.myaddon.com/logo.png", apiUsername: "username-for-basic-auth",
                    password: "samyoiHissowdOnHugyorOidepguJa", ssoSalt: "esidTavOnreboudWavwoadBildyon3",
                    configVarsPrefix: "EXAMPLE_ADDON", configVars: ["EXAMPLE_VARIABLE_1"], regions: ["*"], requires: [],
                    logDrain: false,
                    production: .init(
                        baseURL: "https://myaddon.com/resources", ssoURL: "https://dashboard.myaddon.com/sso"),
                    test: .init(baseURL: "http://localhost:3000/resources", ssoURL: "https://localhost:3001/sso"),
                    plans: [
                        PlanDefinition(
                            name: "free", humanName: "Free Tier addon", description: "Markdown description of the plan",
                            priceCents: 0, priceUnit: "month", isDefault: true),
                        PlanDefinition(
                            name: "premium", humanName: "Premium addon",
                            description: "Markdown description of the plan",
                            priceCents: 3000, priceUnit: "month", isDefault: false),
                    ]
                ))
    }

    @Test("Prefixed config vars give no warning")
    func prefixedConfigVars() throws {
        let document = try ManifestFixtures.scalingo()
            .setting("config_vars", to: .array([.string("EXAMPLE_ADDON_URL")]))
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        #expect(validation.isValid)
        #expect(validation.warnings == [])
    }

    @Test(
        "Scalingo slugs derive from the name",
        arguments: [
            ("Example Addon", "example-addon"), ("  Fast DB!! ", "fast-db"), ("Redis 7", "redis-7"),
            ("Über Cache", "ber-cache"), ("a--b", "a-b"), ("---", ""), ("42", "42"), ("MyAddon", "myaddon"),
        ])
    func derivedSlugs(name: String, slug: String) {
        #expect(ManifestChecks.derivedSlug(fromName: name) == slug)
    }

    @Test("A given id wins over the name, and the prefix follows it")
    func explicitID() throws {
        let document = try ManifestFixtures.scalingo().setting("id", to: .string("custom-slug"))
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        let manifest = try #require(validation.manifest)
        #expect(manifest.slug == "custom-slug")
        #expect(manifest.configVarsPrefix == "CUSTOM_SLUG")
        #expect(validation.warnings.first?.contains("does not start with CUSTOM_SLUG_") == true)
    }

    @Test("Optional parts: no logo, no test endpoint, log drain, options, prices in cents")
    func optionalParts() throws {
        let document = try ManifestFixtures.scalingo()
            .setting("logo_url", to: .string("")).setting("test", to: nil).setting("log_drain", to: .bool(true))
            .setting("plans[1].price", to: .number(19.99)).setting("plans[1].description", to: .string(""))
            .setting("plans[1].options", to: .object(["size": .string("large"), "replicas": .string("3")]))
        let manifest = try #require(ManifestValidator.validate(document, rules: ManifestRules()).manifest)
        #expect(manifest.logoURL == nil)
        #expect(manifest.test == nil)
        #expect(manifest.logDrain)
        #expect(manifest.plans[1].priceCents == 1999)
        #expect(manifest.plans[1].description == "")
        #expect(manifest.plans[1].options == ["size": "large", "replicas": "3"])
    }

    @Test("An empty test URL passes, as in the tester; then there is no test endpoint")
    func emptyTestURL() throws {
        let document = try ManifestFixtures.scalingo().setting("test.base_url", to: .string(""))
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        #expect(validation.errors == [])
        #expect(validation.manifest?.test == nil)
    }

    @Test("A manifest with many problems reports them all at once")
    func everyProblem() throws {
        let document = try ManifestFixtures.scalingo()
            .setting("password", to: .string("")).setting("short_description", to: nil)
            .setting("config_vars", to: .array([]))
            .setting("production.base_url", to: .string("http://localhost:3000/resources"))
            .setting("plans[0].price", to: .number(-1)).setting("plans[1].name", to: .string("free"))
            .setting("plans[1].display_name", to: .string(" "))
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        #expect(validation.manifest == nil)
        #expect(
            validation.errors.map(\.description) == [
                "password can't be blank", "short_description can't be blank",
                "config_vars should have at least one element", "production.base_url must use https",
                "production.base_url must not point to a loopback host",
                "plans[0].price must be greater than or equal to 0",
                "plans[1].name is declared twice", "plans[1].display_name can't be blank",
            ])
    }

    @Test("Wrong types everywhere give type errors, not a crash")
    func wrongTypes() throws {
        let document = try ManifestFixtures.parse(
            """
            {"name": 1, "username": [], "password": {}, "sso_salt": false, "logo_url": 3, "short_description": 1,
             "description": [], "log_drain": "true", "config_vars": "A_B", "production": [], "test": 1,
             "plans": [null, {"name": 1, "display_name": 2, "price": "3", "description": 4, "options": []}]}
            """)
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        #expect(
            validation.errors.map(\.description) == [
                "name must be a string", "username must be a string", "password must be a string",
                "sso_salt must be a string", "short_description must be a string", "description must be a string",
                "logo_url must be a string", "log_drain must be a boolean", "config_vars must be an array of strings",
                "production must be an object", "test must be an object", "plans[0] must be an object",
                "plans[1].name must be a string", "plans[1].display_name must be a string",
                "plans[1].price must be a number", "plans[1].description must be a string",
                "plans[1].options must be an object",
            ])
    }
}
