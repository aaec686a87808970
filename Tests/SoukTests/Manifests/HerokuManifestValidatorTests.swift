import SoukCore
import Testing

@Suite("Heroku manifest validation")
struct HerokuManifestValidatorTests {
    static let long = String(repeating: "x", count: 256)
    static let plan = JSONValue.object(["name": .string("basic")])

    /// A case on the example given one plan, `basic`.
    static func onPlan(_ path: String, _ value: JSONValue?, _ message: String) -> ManifestCase {
        onPlan(path, value, path, message)
    }

    static func onPlan(_ path: String, _ value: JSONValue?, _ field: String, _ message: String) -> ManifestCase {
        ManifestCase([("plans", .array([plan])), (path, value)], field, message)
    }

    static let cases: [ManifestCase] = [
        ManifestCase("id", nil, "can't be blank"),
        ManifestCase("id", .string(""), "can't be blank"),
        ManifestCase("id", .number(42), "must be a string"),
        ManifestCase("id", .string("Error Bucket"), "is not a valid slug"),
        ManifestCase("id", .string("e"), "is not a valid slug"),
        ManifestCase("id", .string("errorbucket-"), "is not a valid slug"),
        ManifestCase("id", .string("1bucket"), "is not a valid slug"),
        ManifestCase("id", .string("e" + String(repeating: "b", count: 50)), "is not a valid slug"),
        ManifestCase("name", .string("  "), "can't be blank"),
        ManifestCase("name", .string(long), "is too long (maximum is 255 characters)"),
        ManifestCase("api.regions", .string("us"), "must be an array of strings"),
        ManifestCase("api.regions", .array([.string("eu")]), "must include us or *"),
        ManifestCase("api.regions", .array([]), "must include us or *"),
        ManifestCase("api.regions[1]", .string("mars"), "is not a supported region"),
        ManifestCase("api.regions[1]", .number(3), "must be a string"),
        ManifestCase(
            "api.regions", .array(Array(repeating: .string("us"), count: 21)),
            "has too many elements (maximum is 20)"),
        ManifestCase("api.password", nil, "can't be blank"),
        ManifestCase("api.password", .string(""), "can't be blank"),
        ManifestCase("api.password", .string(long), "is too long"),
        ManifestCase("api.sso_salt", nil, "can't be blank"),
        ManifestCase("api.sso_salt", .string(" \n"), "can't be blank"),
        ManifestCase("api.production", nil, "can't be blank"),
        ManifestCase("api.production", .string("http://errorbucket.com/"), "must use https"),
        ManifestCase(
            "api.production", .string("https://errorbucket.com/?a=1"),
            "must be a base URL without a query or fragment"),
        ManifestCase("api.production", .string(""), "can't be blank"),
        ManifestCase("api.production", .array([]), "must be an object"),
        ManifestCase("api.production.base_url", nil, "can't be blank"),
        ManifestCase("api.production.sso_url", nil, "can't be blank"),
        ManifestCase("api.production.sso_url", .string(""), "can't be blank"),
        ManifestCase("api.production.base_url", .string("not a url"), "is not a valid URL"),
        ManifestCase("api.production.base_url", .string("ftp://errorbucket.com"), "must be an http or https URL"),
        ManifestCase("api.production.base_url", .string("https://"), "must have a host"),
        ManifestCase("api.production.base_url", .string("http://errorbucket.com/heroku/resources"), "must use https"),
        ManifestCase("api.production.sso_url", .string("https://127.0.0.1/sso"), "must not point to a loopback host"),
        ManifestCase("api.test", .string("localhost:3000"), "must be an http or https URL"),
        ManifestCase("api.test.base_url", nil, "can't be blank"),
        ManifestCase("api.test.base_url", .string("localhost:3000"), "must be an http or https URL"),
        ManifestCase("api.test.sso_url", .string("localhost:3000/sso"), "must be an http or https URL"),
        ManifestCase("api.config_vars", .string("ERRORBUCKET_URL"), "must be an array of strings"),
        ManifestCase("api.config_vars[1]", .string("errorbucket_key"), "is not a valid ENV key"),
        ManifestCase("api.config_vars[1]", .string("ERRORBUCKET"), "must start with ERRORBUCKET_"),
        ManifestCase("api.config_vars[1]", .string("ERRORBUCKET_URL"), "is declared twice"),
        ManifestCase("api.config_vars[0]", .string("OTHER_URL"), "must start with ERRORBUCKET_"),
        ManifestCase("api.config_vars[0]", .bool(true), "must be a string"),
        ManifestCase(
            "api.config_vars", ManifestFixtures.configVars(101, prefix: "ERRORBUCKET"),
            "has too many elements (maximum is 100)"),
        ManifestCase("api.config_vars_prefix", .string("errorbucket"), "is not a valid prefix"),
        ManifestCase("api.config_vars_prefix", .string("ERROR-BUCKET"), "is not a valid prefix"),
        ManifestCase("api.config_vars_prefix", .string("BUCKET"), "api.config_vars[0]", "must start with BUCKET_"),
        ManifestCase(
            [("api.config_vars_prefix", nil), ("id", .string("error-bucket"))], "api.config_vars[0]",
            "must start with ERROR_BUCKET_"),
        ManifestCase("api.username", .string("errorbucket"), "is deprecated: Please authenticate using the add-on id."),
        ManifestCase("api.requires", .string("log_input"), "must be an array of strings"),
        ManifestCase(
            "api.requires[1]", .string("sharing"),
            "is not one of log_input, syslog_drain, attachable, many_per_app"),
        ManifestCase("api.version", .string("2"), "must be \"3\""),
        ManifestCase("api.version", .number(3), "must be \"3\""),
        ManifestCase("plans", .string("basic"), "must be an array of objects"),
        ManifestCase("plans", .array([.string("basic")]), "plans[0]", "must be an object"),
        ManifestCase("plans", .array(Array(repeating: plan, count: 51)), "has too many elements (maximum is 50)"),
        onPlan("plans[0].name", nil, "can't be blank"),
        onPlan("plans[0].name", .string("Basic"), "is not a valid plan name"),
        onPlan("plans[0].name", .string("-basic"), "is not a valid plan name"),
        onPlan("plans[0].name", .string(String(repeating: "b", count: 51)), "is not a valid plan name"),
        onPlan("plans[1]", plan, "plans[1].name", "is declared twice"),
        onPlan("plans[0].human_name", .string(""), "can't be blank"),
        onPlan("plans[0].description", .array([]), "must be a string"),
        onPlan(
            "plans[0].description", .string(String(repeating: "d", count: 10_001)),
            "is too long (maximum is 10000 characters)"),
        onPlan("plans[0].price", .number(5), "must be an object"),
        onPlan("plans[0].price", .object([:]), "plans[0].price.cents", "can't be blank"),
        onPlan("plans[0].price.cents", .string("500"), "must be a number"),
        onPlan("plans[0].price.cents", .number(-1), "must be greater than or equal to 0"),
        onPlan("plans[0].price.cents", .number(9.5), "must be a whole number of cents"),
        onPlan("plans[0].price.cents", .number(1e300), "must be less than or equal to 100000000"),
        onPlan(
            "plans[0].price", .object(["cents": .number(500), "unit": .string("hour")]), "plans[0].price.unit",
            "must be \"month\""),
        onPlan("plans[0].default", .string("yes"), "must be a boolean"),
        ManifestCase(
            [
                ("plans", .array([plan, plan])), ("plans[0].default", .bool(true)),
                (
                    "plans[1]",
                    .object([
                        "name": .string("pro"), "default": .bool(true),
                    ])
                ),
            ],
            "plans[1].default", "only one plan may be the default (plans[0] is)"),
    ]

    @Test("Each rule reports against its field", arguments: cases)
    func rule(_ failing: ManifestCase) throws {
        failing.check(try ManifestFixtures.heroku())
    }

    @Test("The example normalises to the manifest Souk keeps")
    func normalised() throws {
        let validation = ManifestValidator.validate(try ManifestFixtures.heroku(), rules: ManifestRules())
        #expect(validation.warnings == [])
        #expect(
            validation.manifest
                == AddonManifest(
                    flavour: .heroku, slug: "errorbucket", name: "Errorbucket", apiUsername: "errorbucket",
                    password: "GqAGAmdrnkDFcvR9", ssoSalt: "7CwqmJLEjv8YZTXK", configVarsPrefix: "ERRORBUCKET",
                    configVars: ["ERRORBUCKET_URL"], regions: ["us", "eu"], requires: ["log_input"], logDrain: false,
                    production: .init(
                        baseURL: "https://errorbucket.com/heroku/resources",
                        ssoURL: "https://errorbucket.com/sso/login"),
                    test: .init(
                        baseURL: "http://localhost:3000/heroku/resources", ssoURL: "http://localhost:3000/sso/login"),
                    plans: []
                ))
    }

    @Test("Without config_vars_prefix the prefix derives from the slug; config_vars and requires are optional")
    func optionalParts() throws {
        let document = try ManifestFixtures.heroku()
            .setting("id", to: .string("fast-db")).setting("api.config_vars_prefix", to: nil)
            .setting("api.config_vars", to: nil).setting("api.requires", to: nil).setting("api.version", to: nil)
            .setting("api.test.sso_url", to: nil).setting("api.regions", to: .array([.string("*")]))
        let manifest = try #require(ManifestValidator.validate(document, rules: ManifestRules()).manifest)
        #expect(manifest.configVarsPrefix == "FAST_DB")
        #expect(manifest.apiUsername == "fast-db")
        #expect(manifest.configVars == [])
        #expect(manifest.requires == [])
        #expect(manifest.regions == ["*"])
        #expect(manifest.test == .init(baseURL: "http://localhost:3000/heroku/resources", ssoURL: nil))
    }

    @Test("Requirements set sharing, multiple installs and the log drain")
    func requirements() throws {
        let document = try ManifestFixtures.heroku().setting(
            "api.requires",
            to: .array([
                .string("syslog_drain"), .string("attachable"), .string("many_per_app"), .string("attachable"),
            ])
        ).setting("api.regions", to: .array(["us", "eu", "dublin", "sydney", "frankfurt"].map(JSONValue.string)))
        let manifest = try #require(ManifestValidator.validate(document, rules: ManifestRules()).manifest)
        #expect(manifest.requires == ["syslog_drain", "attachable", "many_per_app"])
        #expect(manifest.logDrain && manifest.supportsSharing && manifest.supportsMultipleInstallations)
    }

    @Test("Plans default their human name and price, and the first is the default unless one says so")
    func plans() throws {
        let plans = JSONValue.array([
            .object(["name": .string("basic")]),
            .object([
                "name": .string("pro_2"), "human_name": .string("Pro 2"), "description": .string("More."),
                "price": .object(["cents": .number(2500), "unit": .string("month")]),
            ]),
        ])
        let first = try #require(
            ManifestValidator.validate(try ManifestFixtures.heroku().setting("plans", to: plans), rules: .init())
                .manifest)
        #expect(
            first.plans == [
                PlanDefinition(name: "basic", humanName: "basic", isDefault: true),
                PlanDefinition(name: "pro_2", humanName: "Pro 2", description: "More.", priceCents: 2500),
            ])
        let chosen = try ManifestFixtures.heroku().setting("plans", to: plans)
            .setting("plans[1].default", to: .bool(true))
        let second = try #require(ManifestValidator.validate(chosen, rules: .init()).manifest)
        #expect(second.plans.map(\.isDefault) == [false, true])
    }

    @Test("A manifest with many problems reports them all at once")
    func everyProblem() throws {
        let document = try ManifestFixtures.heroku()
            .setting("id", to: .string("Error Bucket"))
            .setting("api.password", to: nil)
            .setting("api.username", to: .string("errorbucket"))
            .setting("api.regions", to: .array([.string("eu"), .string("mars")]))
            .setting("api.config_vars", to: .array([.string("bad"), .string("OK_URL"), .string("OK_URL")]))
            .setting("api.config_vars_prefix", to: .string("ERRORBUCKET"))
            .setting("api.production.base_url", to: .string("http://10.0.0.1/x"))
            .setting("api.test", to: nil)
            .setting("plans", to: .array([Self.plan])).setting("plans[0].name", to: .string("Basic"))
            .setting("plans[0].price.cents", to: .number(-5))
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        #expect(validation.manifest == nil)
        #expect(
            validation.errors.map(\.field) == [
                "id", "api.username", "api.password", "api.regions[1]", "api.regions", "api.config_vars[0]",
                "api.config_vars[2]", "api.config_vars[1]", "api.production.base_url", "api.production.base_url",
                "plans[0].name", "plans[0].price.cents",
            ])
    }

    @Test("Wrong types everywhere give type errors, not a crash")
    func wrongTypes() throws {
        let document = try ManifestFixtures.parse(
            """
            {"id": 1, "name": [], "api": {"password": {}, "sso_salt": true, "regions": "us", "config_vars": {},
             "requires": 1, "config_vars_prefix": 5, "version": 3, "production": 1, "test": [],
             "username": null},
             "plans": [1, {"name": 2, "human_name": 1, "description": [], "price": {"cents": "5", "unit": 1},
                           "default": "no"}]}
            """)
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        #expect(
            validation.errors.map(\.description) == [
                "id must be a string", "name must be a string", "api.password must be a string",
                "api.sso_salt must be a string", "api.version must be \"3\"", "api.regions must be an array of strings",
                "api.requires must be an array of strings", "api.config_vars_prefix must be a string",
                "api.config_vars must be an array of strings", "api.production must be an object",
                "api.test must be an object", "plans[0] must be an object", "plans[1].name must be a string",
                "plans[1].human_name must be a string", "plans[1].description must be a string",
                "plans[1].price.unit must be \"month\"", "plans[1].price.cents must be a number",
                "plans[1].default must be a boolean",
            ])
    }
}
