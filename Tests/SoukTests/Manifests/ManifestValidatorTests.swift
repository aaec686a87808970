import Foundation
import SoukCore
import Testing

@Suite("Manifest validation, whatever the flavour")
struct ManifestValidatorTests {
    @Test(
        "Only a JSON object can be a manifest",
        arguments: [
            JSONValue.array([]), .array([.object([:])]), .string("manifest"), .number(3), .bool(true), .null,
        ])
    func notAnObject(document: JSONValue) {
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        #expect(validation.manifest == nil)
        #expect(validation.errors == [FieldError(field: "", message: "must be a JSON object")])
    }

    @Test(
        "An object that is neither shape is one error",
        arguments: [
            JSONValue.object([:]),
            .object(["id": .string("errorbucket"), "name": .string("Errorbucket")]),
            .object(["api": .string("v1"), "name": .string("Errorbucket")]),
        ])
    func neitherFlavour(document: JSONValue) {
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        #expect(validation.errors.count == 1)
        #expect(validation.errors.first?.field == "")
        #expect(validation.errors.first?.message.contains("is not a Heroku (api object) or Scalingo") == true)
    }

    @Test(
        "An api object makes a Heroku manifest; username, plans or production a Scalingo one",
        arguments: [
            (["api": JSONValue.object([:])], ManifestFlavour.heroku),
            (["api": .object([:]), "username": .string("u"), "plans": .array([])], .heroku),
            (["api": .string("x"), "username": .string("u")], .scalingo),
            (["username": .string("u")], .scalingo),
            (["plans": .null], .scalingo),
            (["production": .object([:])], .scalingo),
        ])
    func flavours(fields: [String: JSONValue], flavour: ManifestFlavour) {
        #expect(ManifestValidator.flavour(of: fields) == flavour)
    }

    @Test("Both examples pass, the Heroku one with loopback test URLs under strict rules")
    func examplesPass() throws {
        for example in [try ManifestFixtures.heroku(), try ManifestFixtures.scalingo()] {
            let validation = ManifestValidator.validate(example, rules: ManifestRules(allowsInsecureURLs: false))
            #expect(validation.errors == [])
            #expect(validation.manifest != nil)
        }
    }

    @Test(
        "Production URLs must be https and public unless the rules allow otherwise",
        arguments: [
            ("http://errorbucket.com/heroku/resources", "must use https"),
            ("https://localhost/heroku/resources", "must not point to a loopback host"),
            ("https://app.localhost:3000/heroku/resources", "must not point to a loopback host"),
            ("https://127.0.0.1/heroku/resources", "must not point to a loopback host"),
            ("https://127.1/heroku/resources", "must not point to a loopback host"),
            ("https://[::1]:3000/heroku/resources", "must not point to a loopback host"),
            ("https://[::ffff:127.0.0.1]/heroku/resources", "must not point to a loopback host"),
            ("https://10.0.0.7/heroku/resources", "must not point to a private host"),
            ("https://172.20.1.1/heroku/resources", "must not point to a private host"),
            ("https://192.168.1.10/heroku/resources", "must not point to a private host"),
            ("https://[fd00::1]/heroku/resources", "must not point to a private host"),
            ("https://169.254.169.254/latest/meta-data", "must not point to a link-local host"),
            ("https://[fe80::1%25eth0]/heroku/resources", "must not point to a link-local host"),
            ("https://0.0.0.0/heroku/resources", "must not point to an unspecified host"),
            ("https://[::]/heroku/resources", "must not point to an unspecified host"),
        ])
    func insecureProductionURLs(url: String, message: String) throws {
        for (example, path) in [
            (try ManifestFixtures.heroku(), "api.production.base_url"),
            (try ManifestFixtures.scalingo(), "production.base_url"),
        ] {
            let document = example.setting(path, to: .string(url))
            let strict = ManifestValidator.validate(document, rules: ManifestRules(allowsInsecureURLs: false))
            #expect(strict.errors == [FieldError(field: path, message: message)])
            let relaxed = ManifestValidator.validate(document, rules: ManifestRules(allowsInsecureURLs: true))
            #expect(relaxed.errors == [])
            #expect(relaxed.manifest?.production.baseURL == url)
        }
    }

    @Test("Plain http to loopback is one error per rule it breaks, and fine in development")
    func httpLoopback() throws {
        let document = try ManifestFixtures.heroku()
            .setting("api.production.sso_url", to: .string("http://localhost:3000/sso/login"))
        let strict = ManifestValidator.validate(document, rules: ManifestRules(allowsInsecureURLs: false))
        #expect(
            strict.errors.map(\.description) == [
                "api.production.sso_url must use https", "api.production.sso_url must not point to a loopback host",
            ])
        #expect(ManifestValidator.validate(document, rules: ManifestRules(allowsInsecureURLs: true)).isValid)
    }

    @Test(
        "Public hosts stay public",
        arguments: [
            "https://errorbucket.com/x", "https://172.32.0.1/x", "https://8.8.8.8/x", "https://[2606:4700::1111]/x",
            "https://0xdeadbeef.example/x", "https://fec0.example/x",
        ])
    func publicHosts(url: String) throws {
        let document = try ManifestFixtures.heroku().setting("api.production.base_url", to: .string(url))
        #expect(ManifestValidator.validate(document, rules: ManifestRules()).errors == [])
    }

    @Test(
        "Hosts are classified from their literal form",
        arguments: [
            ("example.com", ProviderURL.HostKind.public), ("localhost", .loopback), ("LOCALHOST", .loopback),
            ("api.localhost", .loopback), ("127.0.0.1", .loopback), ("127.255.0.9", .loopback), ("127.1", .loopback),
            ("2130706433", .loopback), ("0x7f000001", .loopback), ("0177.0.0.1", .loopback), ("::1", .loopback),
            ("0:0:0:0:0:0:0:1", .loopback), ("::ffff:127.0.0.1", .loopback), ("10.1.2.3", .private),
            ("172.16.0.1", .private), ("172.31.255.255", .private), ("172.32.0.1", .public), ("192.168.1.1", .private),
            ("192.169.1.1", .public), ("::ffff:10.0.0.1", .private), ("fc00::1", .private), ("fd12:3456::1", .private),
            ("169.254.169.254", .linkLocal), ("fe80::1", .linkLocal), ("febf::1", .linkLocal), ("fec0::1", .private),
            ("0.0.0.0", .unspecified), ("0", .unspecified), ("::", .unspecified), ("8.8.8.8", .public),
            ("2001:db8::1", .documentation), ("cafe.com", .public), ("1::2::3", .public), ("1.2.3.4.5", .public),
        ])
    func hostKinds(host: String, kind: ProviderURL.HostKind) {
        #expect(ProviderURL.HostKind(host: host) == kind)
    }

    @Test(
        "Provider URLs parse into scheme and a normalised host",
        arguments: [
            ("https://Example.COM./x", "https", "example.com"), ("http://localhost:3000/a", "http", "localhost"),
            ("https://[::1]:3000/a", "https", "::1"), ("https://[FE80::1%25eth0]/", "https", "fe80::1"),
            ("HTTPS://user:secret@errorbucket.com/", "https", "errorbucket.com"),
        ])
    func parsing(url: String, scheme: String, host: String) throws {
        let parsed = try ProviderURL(parsing: url)
        #expect(parsed.scheme == scheme)
        #expect(parsed.host == host)
    }

    @Test(
        "Broken URLs say what is wrong",
        arguments: [
            ("", ProviderURL.Problem.malformed), ("errorbucket.com/x", .malformed), ("http://exa mple.com", .malformed),
            ("https://a.com:99999/", .malformed), ("//cdn.example.com/logo.png", .malformed),
            ("localhost:3000", .unsupportedScheme), ("ftp://errorbucket.com", .unsupportedScheme),
            ("javascript:alert(1)", .unsupportedScheme), ("https://", .missingHost), ("http:///path", .missingHost),
            ("http:foo", .missingHost),
        ])
    func brokenURLs(url: String, problem: ProviderURL.Problem) {
        #expect(throws: problem) { try ProviderURL(parsing: url) }
    }

    @Test("Only logo URLs may be protocol-relative")
    func protocolRelative() throws {
        #expect(
            try ProviderURL(parsing: "//cdn.example.com/logo.png", allowsProtocolRelative: true).host
                == "cdn.example.com")
    }

    @Test(
        "Slugs are 2 to 50 lowercase letters, digits and dashes",
        arguments: [
            ("errorbucket", true), ("heroku-postgresql", true), ("a1", true), ("ab", true), ("a", false),
            ("1ab", false), ("ab-", false), ("-ab", false), ("Ab", false), ("a_b", false), ("a b", false), ("", false),
            ("a" + String(repeating: "b", count: 49), true), ("a" + String(repeating: "b", count: 50), false),
        ])
    func slugs(slug: String, valid: Bool) {
        #expect(ManifestChecks.isValidSlug(slug) == valid)
    }

    @Test(
        "Config var names follow kensa's ENV key rule",
        arguments: [
            ("ERRORBUCKET_URL", true), ("A1", true), ("A_", true), ("A", false), ("_A", false), ("1A", false),
            ("a_URL", false), ("A-B", false), ("É_URL", false), (String(repeating: "A", count: 256), false),
        ])
    func configVarNames(name: String, valid: Bool) {
        #expect(ManifestChecks.isValidConfigVarName(name) == valid)
    }

    @Test(
        "The service prefix comes from the slug",
        arguments: [
            ("fast-db", "FAST_DB"), ("errorbucket", "ERRORBUCKET"), ("example-addon", "EXAMPLE_ADDON"),
        ])
    func prefixes(slug: String, prefix: String) {
        #expect(ConfigVarPrefix.derived(fromSlug: slug) == prefix)
        #expect(ConfigVarPrefix.isValid(prefix))
    }

    @Test("Any value at any field of either example is an answer, and a wrong type an error at that field")
    func anyValueAnywhere() throws {
        let replacements: [JSONValue] = [
            .null, .bool(true), .number(-1.5), .number(1e300), .string(""), .string("x"), .array([]),
            .array([.null, .number(1)]), .object([:]), .object(["": .array([.object([:])])]),
        ]
        for example in [try ManifestFixtures.heroku(), try ManifestFixtures.scalingo()] {
            for path in example.allPaths {
                let original = try #require(example.value(at: path))
                for replacement in replacements {
                    let validation = ManifestValidator.validate(example.setting(path, to: replacement), rules: .init())
                    #expect((validation.manifest == nil) == !validation.errors.isEmpty, "\(path) = \(replacement)")
                    if replacement != .null, replacement.kind != original.kind {
                        // without its api object, a Heroku manifest is no manifest at all
                        let field = path == "api" ? "" : path
                        #expect(validation.errors.contains { $0.field == field }, "\(path) = \(replacement)")
                    }
                }
            }
        }
    }
}

/// The examples the validator must accept, and edits to them by dotted path.
enum ManifestFixtures {
    /// PROTOCOLS.md §4.1.
    static let herokuText = """
        {"id": "errorbucket", "name": "Errorbucket",
         "api": {"config_vars_prefix": "ERRORBUCKET", "config_vars": ["ERRORBUCKET_URL"],
          "password": "GqAGAmdrnkDFcvR9", "sso_salt": "7CwqmJLEjv8YZTXK",
          "regions": ["us", "eu"], "requires": ["log_input"], "version": "3",
          "production": {"base_url": "https://errorbucket.com/heroku/resources", "sso_url": "https://errorbucket.com/sso/login"},
          "test": {"base_url": "http://localhost:3000/heroku/resources", "sso_url": "http://localhost:3000/sso/login"}}}
        """

    /// Scalingo's "Addon definition manifest" page.
    static let scalingoText = """
        {
          "name": "Example Addon",
          "username": "username-for-basic-auth",
          "password": "samyoiHissowdOnHugyorOidepguJa",
          "sso_salt": "esidTavOnreboudWavwoadBildyon3",
          "logo_url": "//cdn.myaddon.com/logo.png",
          "short_description": "This addon is providing an awesome tool",
          "description": "# Example Addon\\n## What we provide\\n This is an awesome markdown description",
          "config_vars": ["EXAMPLE_VARIABLE_1"],
          "production": {
            "base_url": "https://myaddon.com/resources",
            "sso_url": "https://dashboard.myaddon.com/sso"
          },
          "test": {
            "base_url": "http://localhost:3000/resources",
            "sso_url": "https://localhost:3001/sso"
          },
          "plans": [
            {
              "name": "free",
              "display_name": "Free Tier addon",
              "price": 0.0,
              "description": "Markdown description of the plan"
            },
            {
              "name": "premium",
              "display_name": "Premium addon",
              "price": 30.0,
              "description": "Markdown description of the plan"
            }
          ]
        }
        """

    static func heroku() throws -> JSONValue { try parse(herokuText) }

    static func scalingo() throws -> JSONValue { try parse(scalingoText) }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// `n` distinct valid ENV keys, `PREFIX_VAR_0` onwards.
    static func configVars(_ count: Int, prefix: String) -> JSONValue {
        .array((0..<count).map { .string("\(prefix)_VAR_\($0)") })
    }
}

/// One failing case of a rules table: edits to an example and the error they must give.
struct ManifestCase: Sendable, CustomTestStringConvertible {
    var edits: [(path: String, value: JSONValue?)]
    var field: String
    var message: String

    init(_ path: String, _ value: JSONValue?, _ message: String) {
        self.init([(path, value)], path, message)
    }

    init(_ path: String, _ value: JSONValue?, _ field: String, _ message: String) {
        self.init([(path, value)], field, message)
    }

    init(_ edits: [(path: String, value: JSONValue?)], _ field: String, _ message: String) {
        self.edits = edits
        self.field = field
        self.message = message
    }

    var testDescription: String { "\(field) \(message)" }

    func apply(to document: JSONValue) -> JSONValue {
        edits.reduce(document) { $0.setting($1.path, to: $1.value) }
    }

    /// The edited example gives exactly one error, this one.
    func check(_ example: JSONValue) {
        let validation = ManifestValidator.validate(apply(to: example), rules: ManifestRules())
        #expect(validation.manifest == nil)
        #expect(validation.errors.count == 1, "\(validation.errors)")
        #expect(validation.errors.first?.field == field)
        #expect(validation.errors.first?.message.contains(message) == true, "\(validation.errors)")
    }
}

extension JSONValue {
    /// A copy with the value at a dotted path (`api.config_vars[2]`) replaced, or removed when `nil`; an index
    /// one past the end appends.
    func setting(_ path: String, to value: JSONValue?) -> JSONValue {
        setting(Self.steps(path)[...], to: value)
    }

    private func setting(_ steps: ArraySlice<Step>, to value: JSONValue?) -> JSONValue {
        guard let step = steps.first else { return value ?? .null }
        switch (step, self) {
        case (.key(let key), .object(var object)):
            object[key] = steps.count == 1 ? value : (object[key] ?? .object([:])).setting(steps.dropFirst(), to: value)
            return .object(object)
        case (.index(let index), .array(var array)) where index == array.count:
            if let value, steps.count == 1 { array.append(value) }
            return .array(array)
        case (.index(let index), .array(var array)) where array.indices.contains(index):
            if steps.count == 1, value == nil {
                array.remove(at: index)
            } else {
                array[index] = array[index].setting(steps.dropFirst(), to: value)
            }
            return .array(array)
        default:
            return self
        }
    }

    func value(at path: String) -> JSONValue? {
        Self.steps(path).reduce(Optional(self)) { value, step in
            switch (step, value) {
            case (.key(let key), .object(let object)?): object[key]
            case (.index(let index), .array(let array)?) where array.indices.contains(index): array[index]
            default: nil
            }
        }
    }

    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Every path in the document, containers and leaves alike.
    var allPaths: [String] {
        switch self {
        case .object(let object):
            object.keys.sorted().flatMap { key in [key] + object[key]!.allPaths.map { Self.join(key, $0) } }
        case .array(let array):
            array.indices.flatMap { index in
                ["[\(index)]"] + array[index].allPaths.map { "[\(index)]" + Self.dotted($0) }
            }
        default:
            []
        }
    }

    private static func join(_ key: String, _ rest: String) -> String {
        rest.hasPrefix("[") ? key + rest : "\(key).\(rest)"
    }

    private static func dotted(_ rest: String) -> String {
        rest.hasPrefix("[") ? rest : "." + rest
    }

    private enum Step {
        case key(String)
        case index(Int)
    }

    private static func steps(_ path: String) -> [Step] {
        path.split(separator: ".").flatMap { part -> [Step] in
            let pieces = part.split(separator: "[")
            let key = part.hasPrefix("[") ? [] : [Step.key(String(pieces[0]))]
            let indices = pieces.dropFirst(part.hasPrefix("[") ? 0 : 1).compactMap { Int($0.dropLast()) }
            return key + indices.map(Step.index)
        }
    }
}
