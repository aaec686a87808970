import Configuration
import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import SoukCore
import Testing

@testable import SoukStore

/// `SOUK_ENCRYPTION_KEY` rotated while Souk runs (issue #17): every process gets the new key with the old one
/// in `SOUK_PREVIOUS_ENCRYPTION_KEYS`, `souk rotate-key` re-seals, and then the old key can go.
@Suite("Rotating the encryption key")
struct KeyRotationTests {
    static let newKey = "cm90YXRpb24tdGVzdC1rZXktb2YtMzItYnl0ZXMhISE="
    let logger = Logger(label: "souk.tests.rotation")

    /// A Souk sealing with the new key; the old one still opens unless `keepingOld` is false.
    static func rotatedApp(keepingOld: Bool = true) -> TestApp {
        var app = TestApp.forAddons()
        app.overrides["souk.encryptionKey"] = .init(.string(newKey), isSecret: true)
        if keepingOld {
            app.overrides["souk.previousEncryptionKeys"] = .init(.string(TestApp.encryptionKey), isSecret: true)
        }
        return app
    }

    /// A customer's app whose var `S` holds `sekret-value`, sealed under the old key.
    static func appWithSecret() async throws -> (user: (id: String, email: String, key: String), app: String) {
        try await TestApp().run { api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["S": "sekret-value"])
            return (user, app)
        }
    }

    /// What a platform holds: an app with config vars and releases, a provider's service with its manifest,
    /// an add-on with the provider's config and a customer's options, a broker, a webhook with a secret and
    /// an `Authorization`.
    struct Estate {
        let customer: (id: String, email: String, key: String)
        let app: String
        let addonID: String
        let slug: String
        let providerKey: String
    }

    static func populate(_ api: API, fake: FakeProvider, broker: FakeBroker, receiver: WebhookReceiver) async throws
        -> Estate
    {
        let (slug, providerKey) = try await Marketplace.registerHeroku(api, fake: fake)
        _ = try await broker.register(on: api)
        let customer = try await api.createUser()
        let app = try await api.createApp(key: customer.key)
        _ = try await api.call(
            .patch, "/apps/\(app)/config-vars", key: customer.key, json: ["A": "s3cret-alpha", "B": "b"])
        receiver.expect(secret: "hook-secret")
        let hook = try await api.call(
            .post, "/apps/\(app)/webhooks", key: customer.key,
            json: [
                "include": ["api:release"], "level": "notify", "url": receiver.url, "secret": "hook-secret",
                "authorization": "Bearer hook-token",
            ])
        #expect(hook.status == .created, "\(hook.text)")
        let addon = try await api.call(
            .post, "/apps/\(app)/addons", key: customer.key, json: ["plan": slug, "config": ["admin": "pw-1"]])
        let addonID = try #require(addon.object["id"] as? String, "\(addon.text)")
        return Estate(customer: customer, app: app, addonID: addonID, slug: slug, providerKey: providerKey)
    }

    /// How many values each sealed column holds, and how many of those the new key sealed.
    func census(_ database: Database) async throws -> [String: (values: Int, underNewKey: Int)] {
        let prefix = ByteBuffer(bytes: try SecretBox(encodedKey: Self.newKey).sealingPrefix)
        var counts: [String: (values: Int, underNewKey: Int)] = [:]
        for column in SealedColumn.all {
            var binds = PostgresBindings()
            binds.append(prefix)
            let sql = """
                SELECT count(\(column.column)), count(*) FILTER (WHERE substring(\(column.column) FROM 1 FOR 5) = $1)
                FROM \(column.table)
                """
            let rows = try await database.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            for try await (all, new) in rows.decode((Int64, Int64).self) {
                counts[column.name] = (Int(all), Int(new))
            }
        }
        return counts
    }

    func underNewKey(_ database: Database) async throws -> Int {
        try await census(database).values.map(\.underNewKey).reduce(0, +)
    }

    @Test(
        "Interrupted and run again, a rotation re-seals every secret; Souk then runs on the new key alone",
        .soukDatabase)
    func rotation() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await FakeBroker.run { broker in
                try await WebhookReceiver.run { receiver in
                    let estate = try await TestApp.forAddons().run { api in
                        try await Self.populate(api, fake: fake, broker: broker, receiver: receiver)
                    }
                    let rotatedBox = try SecretBox(encodedKey: Self.newKey, previous: [TestApp.encryptionKey])
                    try await withTestDatabase(SoukDatabase.current) { database in
                        // Every sealed column holds something, so each one's context is put to the test: a
                        // value opens only under the context it was sealed with.
                        let before = try await census(database)
                        #expect(before.count == SealedColumn.all.count)
                        #expect(before.values.allSatisfy { $0.values > 0 && $0.underNewKey == 0 }, "\(before)")

                        // The new key alone opens nothing yet: the rotation stops at the first value, naming it.
                        let newOnly = KeyRotation(
                            database: database, secrets: try SecretBox(encodedKey: Self.newKey), logger: logger)
                        await #expect(throws: KeyRotationError.self) { try await newOnly.run() }
                        #expect(try await underNewKey(database) == 0)

                        // Three batches of one row, then an interruption: three values moved, the rest wait.
                        let rotation = KeyRotation(
                            database: database, secrets: rotatedBox, batchSize: 1, logger: logger)
                        try await rotation.run(batchLimit: 3)
                        #expect(try await underNewKey(database) == 3)
                    }
                    // Mid-rotation, a Souk with both keys reads old and new values alike, and seals with the new.
                    try await Self.rotatedApp().run { api in
                        let vars = try await api.call(.get, "/apps/\(estate.app)/config-vars", key: estate.customer.key)
                        #expect(vars.object["A"] as? String == "s3cret-alpha" && vars.object["B"] as? String == "b")
                        _ = try await api.call(
                            .patch, "/apps/\(estate.app)/config-vars", key: estate.customer.key, json: ["C": "gamma"])
                    }
                    try await withTestDatabase(SoukDatabase.current) { database in
                        let rotation = KeyRotation(
                            database: database, secrets: rotatedBox, batchSize: 2, logger: logger)
                        let passes = try await rotation.run()
                        #expect(passes.map(\.column) == SealedColumn.all.map(\.name))
                        #expect(try await rotation.remaining().allSatisfy { $0.values == 0 })
                        let after = try await census(database)
                        #expect(after.values.allSatisfy { $0.values == $0.underNewKey }, "\(after)")
                        // Run again, it has nothing left to do.
                        #expect(try await rotation.run().allSatisfy { $0.values == 0 })
                    }
                    #expect(!(try await DatabaseDump.take(SoukDatabase.current)).contains("s3cret-alpha"))

                    try await Self.rotatedApp(keepingOld: false).run { api in
                        try await Self.expectEverythingReads(api, estate: estate, fake: fake, receiver: receiver)
                    }
                }
            }
        }
    }

    /// Secrets read the way Souk reads them: config vars, a release's environment (rollback), the provider's
    /// password (partner API) and SSO salt, the manifest, the webhook's secret and `Authorization`.
    static func expectEverythingReads(
        _ api: API, estate: Estate, fake: FakeProvider, receiver: WebhookReceiver
    ) async throws {
        let key = estate.customer.key
        let vars = try await api.call(.get, "/apps/\(estate.app)/config-vars", key: key)
        #expect(vars.object["A"] as? String == "s3cret-alpha" && vars.object["C"] as? String == "gamma", "\(vars.text)")
        #expect((vars.object["FAKE_URL"] as? String)?.isEmpty == false, "\(vars.text)")
        let rollback = try await api.call(.post, "/apps/\(estate.app)/releases", key: key, json: ["release": 2])
        #expect(rollback.status == .created, "\(rollback.text)")
        let rolledBack = try await api.call(.get, "/apps/\(estate.app)/config-vars", key: key)
        #expect(
            rolledBack.object["A"] as? String == "s3cret-alpha" && rolledBack.object["C"] == nil, "\(rolledBack.text)")

        let partner: HTTPFields = [.authorization: Marketplace.basic(fake.username, fake.password)]
        let config = try await api.call(.get, "/addons/\(estate.addonID)/config", key: nil, headers: partner)
        #expect(config.status == .ok, "\(config.text)")
        let sso = try await api.call(.get, "/addons/\(estate.addonID)/sso", key: key)
        let params = sso.object["params"] as? [String: String] ?? [:]
        let salt = "salt-\(fake.username)"
        #expect(
            params["resource_token"]
                == SingleSignOnTests.sha1("\(estate.addonID):\(salt):\(params["timestamp"] ?? "")"), "\(sso.text)")
        let manifest = try await api.call(
            .get, "/provider/addon-services/\(estate.slug)/manifest", key: estate.providerKey)
        #expect(manifest.status == .ok && manifest.text.contains(fake.baseURL), "\(manifest.text)")

        let delivered = receiver.deliveries.count
        _ = try await api.call(.patch, "/apps/\(estate.app)/config-vars", key: key, json: ["D": "delta"])
        #expect(try await eventually { receiver.deliveries.count > delivered })
        #expect(receiver.deliveries.last?.signatureValid == true)
        #expect(receiver.deliveries.last?.headers[.authorization] == "Bearer hook-token")
    }

    @Test("Config vars written while a rotation runs keep what was written last", .soukDatabase)
    func writesDuringRotation() async throws {
        let (user, app) = try await TestApp().run { api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            let vars = Dictionary(uniqueKeysWithValues: (0..<20).map { ("V\($0)", "value-\($0)") })
            _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: vars)
            return (user, app)
        }
        try await Self.rotatedApp().run { api in
            try await withTestDatabase(SoukDatabase.current) { database in
                let box = try SecretBox(encodedKey: Self.newKey, previous: [TestApp.encryptionKey])
                let rotation = KeyRotation(database: database, secrets: box, batchSize: 1, logger: logger)
                async let rotated = rotation.run()
                for index in 0..<30 {
                    let set = ["X": "x-\(index)", "V\(index % 20)": "changed-\(index)"]
                    _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: set)
                }
                _ = try await rotated
                // What the writes sealed is under the new key already; a second run finds nothing left.
                #expect(try await rotation.run().allSatisfy { $0.values == 0 })
                #expect(try await rotation.remaining().allSatisfy { $0.values == 0 })
            }
        }
        try await Self.rotatedApp(keepingOld: false).run { api in
            let vars = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object
            #expect(vars["X"] as? String == "x-29")
            // V0–V9 were last written by writes 20–29, V10–V19 by writes 10–19.
            for index in 0..<20 {
                #expect(vars["V\(index)"] as? String == "changed-\(index < 10 ? index + 20 : index)", "V\(index)")
            }
        }
    }

    @Test(
        "`souk rotate-key` re-seals and says so; with a key that opens nothing it names the column and fails",
        .soukDatabase)
    func command() async throws {
        let (user, app) = try await Self.appWithSecret()
        let cli = try CLIRunner(baseURL: "http://127.0.0.1:1")
        let database = ["DATABASE_URL": SoukDatabase.current, "SOUK_ENCRYPTION_KEY": Self.newKey]
        let refused = try await cli.run(["rotate-key"], environment: database)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("config_vars.sealed_value"), "\(refused.stderr)")
        #expect(!(refused.stdout + refused.stderr).contains("sekret"))

        var rotating = database
        rotating["SOUK_PREVIOUS_ENCRYPTION_KEYS"] = "  \(TestApp.encryptionKey) ,"
        let done = try await cli.run(["rotate-key", "--batch-size", "1"], environment: rotating)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("config_vars.sealed_value: 1 re-sealed"), "\(done.stdout)")
        #expect(done.stdout.contains("releases.sealed_config: 2 re-sealed"), "\(done.stdout)")
        #expect(done.stdout.contains("Every secret is sealed under SOUK_ENCRYPTION_KEY"), "\(done.stdout)")
        let again = try await cli.run(["rotate-key"], environment: rotating)
        #expect(again.status == 0 && again.stdout.contains("config_vars.sealed_value: 0 re-sealed"))

        try await Self.rotatedApp(keepingOld: false).run { api in
            let vars = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key)
            #expect(vars.object["S"] as? String == "sekret-value", "\(vars.text)")
        }
    }
}
