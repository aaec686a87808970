import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import SoukCore
import SoukStore
import Testing

/// Customers pass passwords and tokens as provisioning options (`config` in `POST /apps/{app}/addons`):
/// they are sealed like every other secret, and rows written before they were are sealed at start-up.
@Suite("Provisioning options at rest")
struct AddonOptionsAtRestTests {
    let logger = Logger(label: "souk.tests.options")

    @Test(
        "Options are sealed: a dump shows none, the provider still receives them, older clear rows get sealed",
        .soukDatabase)
    func sealed() async throws {
        let testApp = TestApp.forAddons()
        let secret = "hunter2-\(UUID().uuidString)"
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            let addonID = try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key,
                    json: ["plan": slug, "config": ["admin_password": secret]]
                )
                #expect(created.status == .created, "\(created.text)")
                return try #require(UUID(uuidString: created.object["id"] as? String ?? ""))
            }
            #expect(fake.requests(for: .provision).first?.json?["options"]?["admin_password"]?.stringValue == secret)
            #expect(!(try await DatabaseDump.take(SoukDatabase.current)).contains("hunter2"))

            try await withTestDatabase(SoukDatabase.current) { client in
                let secrets = try SecretBox(encodedKey: TestApp.encryptionKey)
                let addons = AddonRepository(
                    database: client, secrets: secrets, config: ConfigRepository(database: client, secrets: secrets),
                    webURLBase: nil
                )
                #expect(try await addons.record(addonID, logger: logger)?.options == ["admin_password": secret])

                // A row as migration 0007 found it: options in clear, nothing sealed.
                let clear = #"{"admin_password": "\#(secret)"}"#
                try await client.query(
                    "UPDATE addons SET sealed_options = NULL, options = \(clear)::jsonb WHERE id = \(addonID)",
                    logger: logger
                )
                #expect(try await DatabaseDump.take(SoukDatabase.current).contains("hunter2"))
                #expect(try await addons.record(addonID, logger: logger)?.options == ["admin_password": secret])
                #expect(try await addons.sealClearOptions(logger: logger) == 1)
                #expect(try await addons.sealClearOptions(logger: logger) == 0)
                #expect(!(try await DatabaseDump.take(SoukDatabase.current)).contains("hunter2"))
                #expect(try await addons.record(addonID, logger: logger)?.options == ["admin_password": secret])
            }
        }
    }
}
