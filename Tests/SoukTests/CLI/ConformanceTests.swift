import Foundation
import HTTPTypes
import SoukCore
import Testing

/// `souk addons:admin:test` against providers on loopback: a `FakeProvider` behind a `FakeSSOProvider`. The
/// tester talks to providers only, so no platform runs here.
@Suite("The conformance run: what kensa was, for both flavours")
struct ConformanceTests {
    static let salt = "conformance-salt-0123456789"

    /// A manifest of the fake's flavour whose test URLs reach it through `front`.
    static func manifest(for front: FakeSSOProvider, productionToo: Bool = false) throws -> String {
        let fake = front.fake
        let local = ["base_url": front.baseURL, "sso_url": front.ssoURL]
        let object: [String: Any] =
            switch fake.flavour {
            case .heroku:
                [
                    "id": fake.username, "name": "Fake \(fake.username)",
                    "api": [
                        "config_vars_prefix": "FAKE", "config_vars": ["FAKE_URL"], "password": fake.password,
                        "sso_salt": salt, "regions": ["us"], "version": "3",
                        "production": productionToo
                            ? local
                            : [
                                "base_url": "https://fake.example.com/heroku/resources",
                                "sso_url": "https://fake.example.com/sso/login",
                            ],
                        "test": ["base_url": front.baseURL, "sso_url": front.ssoURL],
                    ] as [String: Any],
                    "plans": [
                        ["name": "basic", "human_name": "Basic", "default": true],
                        ["name": "premium", "human_name": "Premium"],
                    ],
                ]
            case .scalingo, .osb:
                [
                    "name": "Fake \(UUID().uuidString.prefix(8))", "username": fake.username, "password": fake.password,
                    "sso_salt": salt, "short_description": "A fake", "description": "A fake provider",
                    "config_vars": ["FAKE_URL"],
                    "production": [
                        "base_url": "https://fake.example.com/resources", "sso_url": "https://fake.example.com/sso",
                    ],
                    "test": ["base_url": front.baseURL, "sso_url": front.ssoURL],
                    "plans": [
                        ["name": "free", "display_name": "Free", "price": 0, "description": "Free"],
                        [
                            "name": "premium", "display_name": "Premium", "price": 30, "description": "More",
                            "options": ["size": "large"],
                        ],
                    ],
                ]
            }
        return try ProviderCLITests.file(try ProviderCLITests.json(object))
    }

    /// Runs `addons:admin:test` against a fake of `flavour`, prepared by `prepare`, and hands the result and the
    /// fakes to `check`.
    static func test(
        _ flavour: ManifestFlavour, flaws: Set<FakeSSOProvider.Flaw> = [], arguments: [String] = [],
        prepare: (FakeProvider) -> Void = { _ in },
        check: (CLIRunner.Result, FakeProvider, FakeSSOProvider) throws -> Void
    ) async throws {
        let username = flavour == .heroku ? Marketplace.uniqueSlug() : "fake-user"
        try await FakeProvider.run(flavour: flavour, username: username) { fake in
            try await FakeSSOProvider.run(in: fake, salt: salt, flaws: flaws) { front in
                prepare(fake)
                let cli = try CLIRunner(baseURL: "http://127.0.0.1:9")
                let result = try await cli.run(["addons:admin:test", try manifest(for: front)] + arguments)
                try check(result, fake, front)
            }
        }
    }

    @Test(
        "A conformant provider passes every check, and nothing it made is left",
        arguments: [ManifestFlavour.heroku, .scalingo])
    func conformantProviderPasses(flavour: ManifestFlavour) async throws {
        try await Self.test(flavour) { result, fake, front in
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
            #expect(
                result.stdout.contains("(\(flavour == .heroku ? "Heroku" : "Scalingo") flavour) at \(front.baseURL)"))
            let checks = result.stdout.split(separator: "\n").filter {
                $0.hasPrefix("✓") || $0.hasPrefix("✗") || $0.hasPrefix("-")
            }
            #expect(checks.allSatisfy { $0.hasPrefix("✓") }, "\(result.stdout)")
            let expected = [
                "✓ provision answers 201 with an id",
                "✓ config names are all declared in the manifest",
                "✓ provision again with the same uuid answers with the same id",
                "✓ plan change to premium answers 200",
                "✓ single sign-on with a valid token answers 200, 302 or 303",
                "✓ single sign-on with an invalid token answers 403",
                "✓ single sign-on with a token whose last character is changed answers 403",
                "✓ single sign-on with a timestamp 5 minutes 1 second old answers 403",
                "✓ single sign-on with a timestamp 5 minutes 1 second in the future answers 403",
                "✓ provision, plan change and deprovision with a wrong password answer 401",
                "✓ provision, plan change and deprovision with a wrong user answer 401",
                "✓ provision, plan change and deprovision with the password and a character appended answer 401",
                "✓ provision, plan change and deprovision with the password minus its last character answer 401",
                "✓ provision, plan change and deprovision with an empty password answer 401",
                flavour == .heroku ? "✓ deprovision answers 200 or 204" : "✓ deprovision answers 204",
            ]
            for line in expected {
                #expect(result.stdout.contains(line), "missing \(line) in \(result.stdout)")
            }
            if flavour == .heroku {
                #expect(result.stdout.contains("✓ config values are strings"))
                #expect(result.stdout.contains("✓ *_URL config values are URLs with a scheme and a host"))
            }
            #expect(result.stdout.contains("\(checks.count) passed, 0 failed"))
            #expect(!result.stdout.contains("skipped"))

            #expect(fake.resources.isEmpty, "the run removes what it made")
            let provisions = fake.requests(for: .provision)
            #expect(provisions.count == 7)  // first, repeat, five wrong credentials
            let key = flavour == .heroku ? "uuid" : "app_id"
            #expect(provisions[0].json?[key] == provisions[1].json?[key], "the repeat reuses the uuid")
            #expect(Set(provisions.compactMap { $0.json?[key]?.stringValue }).count == 6, "fresh uuids for the rest")
            #expect(fake.requests(for: .changePlan).count == 6)
            #expect(fake.requests(for: .deprovision).count == 6)
            let passwords = provisions.dropFirst(2).compactMap { Self.basicCredentials($0.headers[.authorization]) }
            #expect(passwords.count == 5)
            #expect(
                passwords.dropFirst(2).map(\.password) == [fake.password + "x", String(fake.password.dropLast()), ""])
            #expect(passwords[1].user == "wrong-\(fake.username)" && passwords[1].password == fake.password)
            #expect(fake.requests(for: .changePlan).first?.json?["plan"] == .string("premium"))
            if flavour == .scalingo {
                #expect(fake.requests(for: .changePlan).first?.json?["options"]?["size"] == .string("large"))
            }

            let signOns = front.signOns
            #expect(signOns.map(\.method) == Array(repeating: flavour == .heroku ? "POST" : "GET", count: 5))
            #expect(signOns.map(\.status) == [flavour == .heroku ? 302 : 200, 403, 403, 403, 403])
            if signOns.count == 5 {
                let timestamps = signOns.compactMap { $0.params["timestamp"].flatMap(Int.init) }
                #expect(timestamps[3] <= timestamps[0] - 301 && timestamps[4] >= timestamps[0] + 301)
                // the tampered token differs from the valid one in its last character only, wherever it is sent
                let valid = signOns[0].params
                let tampered = signOns[2].params
                let tokens = valid.keys.filter { $0 == "token" || $0.hasSuffix("_token") }
                #expect(tokens.count == (flavour == .heroku ? 3 : 1))
                for name in tokens {
                    #expect(tampered[name]?.dropLast() == valid[name]?.dropLast() && tampered[name] != valid[name])
                }
            }
        }
    }

    /// The user and password of a Basic header.
    static func basicCredentials(_ header: String?) -> (user: String, password: String)? {
        guard let header, header.hasPrefix("Basic "), let data = Data(base64Encoded: String(header.dropFirst(6))),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    @Test("--plan picks the plan to change to")
    func planOption() async throws {
        try await Self.test(.heroku, arguments: ["--plan", "basic"]) { result, fake, _ in
            #expect(result.status == 0, "\(result.stdout)")
            #expect(result.stdout.contains("✓ plan change to basic answers 200"))
            #expect(fake.requests(for: .changePlan).first?.json?["plan"] == .string("basic"))
        }
    }

    struct Breakage: Sendable, CustomTestStringConvertible {
        var name: String
        var flavour: ManifestFlavour
        var flaws: Set<FakeSSOProvider.Flaw> = []
        var behaviours: [(FakeProvider.Operation, Int?, [FakeProvider.Behaviour])] = []
        /// `✗` lines the run must print, each a prefix of the whole line.
        var failures: [String]
        /// `✓` lines the run must still print: the defect is caught by its own check only.
        var passes: [String] = []
        /// Whether the run can still remove what it made.
        var cleansUp = true

        var testDescription: String { name }
    }

    static let breakages: [Breakage] = [
        Breakage(
            name: "an undeclared config key", flavour: .heroku,
            behaviours: [
                (
                    .provision, nil,
                    [.config(.object(["FAKE_URL": .string("https://x.test"), "FAKE_SECRET": .string("s")]))]
                )
            ],
            failures: ["✗ config names are all declared in the manifest: FAKE_SECRET is not in the manifest"]
        ),
        Breakage(
            name: "an undeclared config key (Scalingo)", flavour: .scalingo,
            behaviours: [(.provision, nil, [.config(.object(["OTHER": .string("1")]))])],
            failures: ["✗ config names are all declared in the manifest: OTHER is not in the manifest"]
        ),
        Breakage(
            name: "config values that are no strings or no URLs", flavour: .heroku,
            behaviours: [(.provision, nil, [.config(.object(["FAKE_URL": .string("not a url")]))])],
            failures: [
                "✗ *_URL config values are URLs with a scheme and a host: FAKE_URL is not a URL with a scheme and a host"
            ]
        ),
        Breakage(
            name: "a number for a config value", flavour: .heroku,
            behaviours: [(.provision, nil, [.config(.object(["FAKE_URL": .number(42)]))])],
            failures: ["✗ config values are strings: FAKE_URL is not a string"]
        ),
        Breakage(
            name: "a new id on the repeat", flavour: .heroku,
            behaviours: [(.provision, 1, []), (.provision, 1, [.id(.string("another-id"))])],
            failures: [
                "✗ provision again with the same uuid answers with the same id: it answered id another-id, the first call"
            ]
        ),
        Breakage(
            name: "500 on plan change", flavour: .heroku,
            behaviours: [(.changePlan, nil, [.status(500)])],
            failures: ["✗ plan change to premium answers 200: it answered 500"]
        ),
        Breakage(
            name: "202 on plan change (Scalingo)", flavour: .scalingo,
            behaviours: [(.changePlan, nil, [.status(202)])],
            failures: ["✗ plan change to premium answers 200: it answered 202"]
        ),
        Breakage(
            name: "accepting wrong credentials", flavour: .heroku, flaws: [.ignoresCredentials],
            failures: [
                "✗ provision, plan change and deprovision with a wrong password answer 401: accepts a wrong password"
                    + " (the password is not checked): provision answered 201 and made",
                "✗ provision and plan change with a wrong user answer 401: accepts a wrong user name"
                    + " (only the password is checked; compare both): provision answered 201 and made",
                "✗ provision and plan change with the password and a character appended answer 401: accepts any password",
                "- deprovision answers 200 or 204: skipped, a deprovision with wrong credentials removed the resource",
            ]
        ),
        Breakage(
            name: "a password that only starts with the right one (Scalingo's boilerplate)", flavour: .scalingo,
            flaws: [.acceptsPasswordsStartingWithIt],
            failures: [
                "✗ provision, plan change and deprovision with the password and a character appended answer 401:"
                    + " accepts a password that only starts with the right one"
                    + " (`start_with?` instead of an exact, constant-time compare): provision answered 201 and made"
            ],
            passes: [
                "✓ provision, plan change and deprovision with a wrong password answer 401",
                "✓ provision, plan change and deprovision with a wrong user answer 401",
                "✓ provision and plan change with the password minus its last character answer 401",
                "✓ provision and plan change with an empty password answer 401",
            ]
        ),
        Breakage(
            name: "a prefix of the password", flavour: .heroku, flaws: [.acceptsPrefixesOfPassword],
            failures: [
                "✗ provision, plan change and deprovision with the password minus its last character answer 401:"
                    + " accepts a prefix of the password (only as many characters as were sent are compared,"
                    + " instead of an exact, constant-time compare): provision answered 201 and made",
                // the empty password is a prefix too
                "✗ provision and plan change with an empty password answer 401: accepts an empty password",
            ],
            passes: ["✓ provision, plan change and deprovision with the password and a character appended answer 401"]
        ),
        Breakage(
            name: "an empty password", flavour: .heroku, flaws: [.acceptsEmptyPassword],
            failures: [
                "✗ provision, plan change and deprovision with an empty password answer 401: accepts an empty password"
                    + " (a blank password must never skip the check): provision answered 201 and made"
            ],
            passes: ["✓ provision, plan change and deprovision with the password minus its last character answer 401"]
        ),
        Breakage(
            name: "SSO accepting a stale timestamp", flavour: .heroku, flaws: [.acceptsStaleTimestamps],
            failures: [
                "✗ single sign-on with a timestamp 5 minutes 1 second old answers 403: lets in a token 5 minutes"
                    + " 1 second old (no freshness window, or one over 5 minutes: a leaked token stays usable): it answered 302"
            ]
        ),
        Breakage(
            name: "SSO with a 6-minute window (Scalingo)", flavour: .scalingo, flaws: [.window(seconds: 360)],
            failures: [
                "✗ single sign-on with a timestamp 5 minutes 1 second old answers 403: lets in a token 5 minutes"
            ],
            passes: ["✓ single sign-on with a valid token answers 200, 302 or 303"]
        ),
        Breakage(
            name: "SSO accepting a future timestamp", flavour: .heroku, flaws: [.acceptsFutureTimestamps],
            failures: [
                "✗ single sign-on with a timestamp 5 minutes 1 second in the future answers 403: lets in a token"
                    + " stamped 5 minutes 1 second ahead (only the past is bounded, so a token stamped ahead lives"
                    + " as long as its maker likes): it answered 302"
            ],
            passes: ["✓ single sign-on with a timestamp 5 minutes 1 second old answers 403"]
        ),
        Breakage(
            name: "SSO comparing the token but for its last character", flavour: .heroku, flaws: [.comparesTokenPrefix],
            failures: [
                "✗ single sign-on with a token whose last character is changed answers 403: lets in a token that"
                    + " differs in its last character (only part of it is compared; compare all of it, in constant"
                    + " time): it answered 302"
            ],
            passes: ["✓ single sign-on with an invalid token answers 403"]
        ),
        Breakage(
            name: "SSO comparing the token but for its last character (Scalingo)", flavour: .scalingo,
            flaws: [.comparesTokenPrefix],
            failures: ["✗ single sign-on with a token whose last character is changed answers 403: lets in a token"]
        ),
        Breakage(
            name: "SSO accepting any token (Scalingo)", flavour: .scalingo, flaws: [.acceptsInvalidTokens],
            failures: [
                "✗ single sign-on with an invalid token answers 403: lets in a token signed with another salt"
                    + " (the token is not checked): it answered 200",
                "✗ single sign-on with a token whose last character is changed answers 403: lets in a token",
            ]
        ),
        Breakage(
            name: "202 on a Heroku provision", flavour: .heroku,
            behaviours: [(.provision, nil, [.status(202)])],
            failures: ["✗ provision answers 200 or 201 with an id: it answered 202"]
        ),
        Breakage(
            name: "200 on a Scalingo deprovision", flavour: .scalingo,
            behaviours: [(.deprovision, nil, [.status(200)])],
            failures: ["✗ deprovision answers 204: it answered 200"]
        ),
        Breakage(
            name: "a provision answer that is no JSON", flavour: .heroku,
            behaviours: [(.provision, 1, [.garbage])],
            failures: ["✗ provision answers 200 or 201 with an id: it answered 201, but the body is not a JSON object"],
            cleansUp: false
        ),
    ]

    @Test("A broken provider fails loudly: non-zero exit, ✗ lines naming what broke", arguments: breakages)
    func brokenProviderFails(breakage: Breakage) async throws {
        try await Self.test(
            breakage.flavour, flaws: breakage.flaws,
            prepare: { fake in
                for (operation, times, behaviours) in breakage.behaviours {
                    fake.misbehave(operation, times: times, behaviours: behaviours)
                }
            },
            check: { result, fake, _ in
                #expect(result.status != 0, "\(result.stdout)")
                let lines = result.stdout.split(separator: "\n")
                for line in breakage.failures + breakage.passes {
                    #expect(lines.contains { $0.hasPrefix(line) }, "missing \(line) in \(result.stdout)")
                }
                let failed = lines.filter { $0.hasPrefix("✗") }.count
                #expect(failed >= breakage.failures.filter { $0.hasPrefix("✗") }.count)
                #expect(lines.last?.contains("passed, \(failed) failed") == true, "\(result.stdout)")
                if breakage.cleansUp {
                    #expect(fake.resources.isEmpty, "the run removes what it made, strays included: \(fake.resources)")
                }
            }
        )
    }

    @Test("Without an id from provision, the checks that need one are skipped, and the run still fails")
    func nothingToTestWith() async throws {
        try await Self.test(
            .scalingo, prepare: { $0.misbehave(.provision, .reply(status: 500, body: "{\"error\": \"boom\"}")) },
            check: { result, fake, _ in
                #expect(result.status != 0)
                #expect(result.stdout.contains("✗ provision answers 200, 201 or 202 with an id: it answered 500: boom"))
                #expect(
                    result.stdout.contains(
                        "- plan change to premium answers 200: skipped, provision gave no id to test with"))
                #expect(result.stdout.contains("- deprovision answers 204: skipped"))
                #expect(
                    result.stdout.contains(
                        "- single sign-on with a timestamp 5 minutes 1 second in the future answers 403: skipped"))
                #expect(
                    result.stdout.contains("✓ provision with an empty password answers 401"),
                    "wrong credentials are still tried")
                #expect(result.stdout.contains("5 passed, 1 failed, 8 skipped"), "\(result.stdout)")
            }
        )
    }

    @Test("A manifest the platform would refuse is not tested; --production holds it to production rules")
    func invalidManifestIsNotTested() async throws {
        let cli = try CLIRunner(baseURL: "http://127.0.0.1:9")
        var manifest = Manifests.heroku()
        var api = try #require(manifest["api"] as? [String: Any])
        api["password"] = ""
        manifest["api"] = api
        let invalid = try await cli.run([
            "addons:admin:test", try ProviderCLITests.file(try ProviderCLITests.json(manifest)),
        ])
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("api.password can't be blank"))
        #expect(!invalid.stdout.contains("✓"))

        api["password"] = "secret"
        api["production"] = ["base_url": "http://127.0.0.1:9/heroku/resources", "sso_url": "http://127.0.0.1:9/sso"]
        manifest["api"] = api
        let insecure = try await cli.run(
            ["addons:admin:test", try ProviderCLITests.file(try ProviderCLITests.json(manifest)), "--production"]
        )
        #expect(insecure.status != 0)
        #expect(insecure.stderr.contains("api.production.base_url must use https (use --allow-insecure"))
    }

    @Test("--production --allow-insecure tests production URLs on loopback, as a development server accepts them")
    func productionOnLoopback() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await FakeSSOProvider.run(in: fake, salt: Self.salt) { front in
                let cli = try CLIRunner(baseURL: "http://127.0.0.1:9")
                let file = try Self.manifest(for: front, productionToo: true)
                let refused = try await cli.run(["addons:admin:test", file, "--production"])
                #expect(refused.status != 0)
                #expect(refused.stderr.contains("api.production.base_url must use https (use --allow-insecure"))
                #expect(!refused.stdout.contains("✓"))

                let allowed = try await cli.run(["addons:admin:test", file, "--production", "--allow-insecure"])
                #expect(allowed.status == 0, "\(allowed.stdout)\n\(allowed.stderr)")
                #expect(allowed.stdout.contains("(Heroku flavour) at \(front.baseURL)"))
                #expect(fake.resources.isEmpty)
            }
        }
    }
}
