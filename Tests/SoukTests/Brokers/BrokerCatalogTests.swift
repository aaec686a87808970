import Foundation
import SoukCore
import Testing

@Suite("A broker's catalog read into add-on services")
struct BrokerCatalogTests {
    static let broker = BrokerCatalog.Broker(url: "https://broker.example.com", username: "admin", password: "s3cret")

    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test("Each service becomes a service of flavour osb: slug, prefix, plans with prices and broker ids")
    func services() throws {
        let document = try Self.json(
            """
            {"services": [
              {"id": "svc-1", "name": "My Postgres", "description": "A database", "bindable": true,
               "plan_updateable": true, "metadata": {"displayName": "Postgres by Example"},
               "plans": [
                 {"id": "p-small", "name": "small", "description": "Small", "free": true},
                 {"id": "p-large", "name": "Large_Plan", "description": "Large", "free": false,
                  "metadata": {"costs": [{"amount": {"usd": 25.0}, "unit": "MONTHLY"}], "displayName": "Large"}}
               ]},
              {"id": "svc-2", "name": "queue", "description": "Queues", "bindable": false,
               "plans": [{"id": "q-basic", "name": "basic", "description": "Basic"}]}
            ]}
            """)
        let (catalog, errors) = BrokerCatalog.read(document, broker: Self.broker)
        #expect(errors.isEmpty)
        let services = try #require(catalog?.services)
        #expect(services.map(\.brokerServiceID) == ["svc-1", "svc-2"])
        let postgres = services[0]
        #expect(postgres.bindable && postgres.planUpdateable)
        #expect(postgres.manifest.flavour == .osb)
        #expect(postgres.manifest.slug == "my-postgres")
        #expect(postgres.manifest.name == "Postgres by Example")
        #expect(postgres.manifest.configVarsPrefix == "MY_POSTGRES")
        #expect(postgres.manifest.production.baseURL == "https://broker.example.com")
        #expect(postgres.manifest.apiUsername == "admin" && postgres.manifest.password == "s3cret")
        #expect(postgres.manifest.requires == ["attachable"])
        #expect(postgres.manifest.plans.map(\.name) == ["small", "large-plan"])
        #expect(postgres.manifest.plans.map(\.priceCents) == [0, 2500])
        #expect(postgres.manifest.plans.map(\.brokerPlanID) == ["p-small", "p-large"])
        #expect(postgres.manifest.plans.map(\.isDefault) == [true, false])
        #expect(services[1].bindable == false && services[1].manifest.requires.isEmpty)
    }

    @Test("Every problem at once, each against its path")
    func everyProblem() throws {
        let document = try Self.json(
            """
            {"services": [
              {"id": "a", "name": "one", "bindable": "yes", "plans": []},
              {"name": "!!", "bindable": true, "plans": [{"id": "x", "name": "pp"}, {"id": "x", "name": "pp"}]},
              {"id": "a", "name": "one", "bindable": true, "plans": [{"name": "basic"}]}
            ]}
            """)
        let (catalog, errors) = BrokerCatalog.read(document, broker: Self.broker)
        #expect(catalog == nil)
        let fields = Set(errors.map(\.field))
        #expect(
            fields.isSuperset(of: [
                "services[0].bindable", "services[0].plans", "services[1].id", "services[1].name",
                "services[1].plans[1].id", "services[1].plans[1].name", "services[2].plans[0].id", "services[2].id",
            ]), "\(errors)")
    }

    @Test("Not a catalog", arguments: ["[]", "{}", "{\"services\": {}}", "{\"services\": []}"])
    func notACatalog(text: String) throws {
        let (catalog, errors) = BrokerCatalog.read(try Self.json(text), broker: Self.broker)
        #expect(catalog == nil)
        #expect(!errors.isEmpty)
    }

    @Test("A catalog pushed as a manifest is told where brokers register")
    func pushedAsManifest() throws {
        let document = try Self.json(#"{"services": [{"id": "a", "name": "one", "bindable": true, "plans": []}]}"#)
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        #expect(validation.manifest == nil)
        #expect(validation.errors.count == 1)
        #expect(validation.errors.first?.message.contains("POST /provider/brokers") == true)
    }

    @Test("Binding credentials become config vars under the service's prefix")
    func credentials() throws {
        let credentials: [String: JSONValue] = [
            "uri": .string("postgres://u:p@db/x"), "user-name": .string("u"), "port": .number(5432),
            "tags": .array([.string("a")]), "nested": .object(["k": .bool(true)]),
        ]
        #expect(
            BrokerCredentials.config(credentials, prefix: "MY_DB") == [
                "MY_DB_URI": "postgres://u:p@db/x", "MY_DB_URL": "postgres://u:p@db/x", "MY_DB_USER_NAME": "u",
                "MY_DB_PORT": "5432", "MY_DB_TAGS": #"["a"]"#, "MY_DB_NESTED": #"{"k":true}"#,
            ])
        let withURL: [String: JSONValue] = ["uri": .string("a"), "url": .string("b")]
        #expect(BrokerCredentials.config(withURL, prefix: "P") == ["P_URI": "a", "P_URL": "b"])
    }
}
