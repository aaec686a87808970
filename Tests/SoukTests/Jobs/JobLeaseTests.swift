import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import SoukCore
import SoukStore
import Testing

/// A worker that overran its lease may still be on the job when a runner claims it again. Its late writes
/// must not undo what the job's new holder decided: before fencing, a stale `completeProvisioning` marked an
/// orphan-mitigation job done and left the provider's resource behind.
@Suite("Job leases")
struct JobLeaseTests {
    let logger = Logger(label: "souk.tests.jobs")

    @Test(
        "A worker whose lease ran out can neither finish nor re-queue the job, and its add-on change rolls back",
        .soukDatabase)
    func staleWorkerIsFenced() async throws {
        let testApp = TestApp.forAddons()
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            let (addonID, app, userKey) = try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                let id = try #require(created.object["id"] as? String)
                return (try #require(UUID(uuidString: id)), app, user.key)
            }
            // No runner is up now: the test plays both workers.
            try await withTestDatabase(SoukDatabase.current) { client in
                let secrets = try SecretBox(encodedKey: TestApp.encryptionKey)
                let jobs = JobRepository(database: client)
                let addons = AddonRepository(
                    database: client, secrets: secrets, config: ConfigRepository(database: client, secrets: secrets),
                    webURLBase: nil
                )
                let stale = try await jobs.start(
                    .changePlan(.init(planID: UUID(), plan: "basic", actor: nil)), addonID: addonID,
                    lease: .milliseconds(1), logger: logger
                )
                try await Task.sleep(for: .milliseconds(20))
                let current = try #require(try await jobs.claim(lease: .seconds(60), logger: logger))
                #expect(current.id == stale.id && current.attempts == stale.attempts + 1)

                await #expect(throws: JobLeaseLost.self) { try await jobs.complete(stale, logger: logger) }
                await #expect(throws: JobLeaseLost.self) {
                    try await jobs.retry(stale, after: .zero, error: "x", logger: logger)
                }
                await #expect(throws: JobLeaseLost.self) {
                    try await addons.abandon(addonID, job: stale, reason: "late", mitigate: true, logger: logger)
                }
                // The stale abandon rolled back whole: the add-on and its vars are as they were.
                let record = try #require(try await addons.record(addonID, logger: logger))
                #expect(record.addon.state == .provisioned)
                // A stale completion is fenced too, and the call it would have logged goes with it.
                let lateCall = ProviderCallRepository.Entry(
                    method: "POST", url: "http://127.0.0.1:9/late", status: 200, durationMilliseconds: 1, error: nil)
                await #expect(throws: JobLeaseLost.self) {
                    try await addons.completeProvisioning(
                        addonID, providerID: "late", message: nil, config: ["URL": "late"], job: stale, call: lateCall,
                        serviceID: record.serviceID, logger: logger)
                }
                let lateCalls = try await client.query(
                    "SELECT count(*) FROM provider_calls WHERE url = 'http://127.0.0.1:9/late'", logger: logger)
                for try await count in lateCalls.decode(Int.self) { #expect(count == 0) }
                let unchanged = try #require(try await addons.record(addonID, logger: logger))
                #expect(unchanged.addon.providerID == record.addon.providerID)
                try await jobs.complete(current, logger: logger)
                await #expect(throws: JobLeaseLost.self) { try await jobs.complete(current, logger: logger) }
            }
            try await testApp.run { api in
                let config = try await api.call(.get, "/apps/\(app)/config-vars", key: userKey).object
                #expect(config["FAKE_URL"] != nil)
            }
        }
    }
}
