import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import SoukCore
import Testing

@testable import SoukStore

/// A job's work is stored as its kind and a JSON payload, and read back once, typed, when it is claimed.
@Suite("Job work in the queue")
struct JobWorkTests {
    static let change = JobWork.PlanChange(planID: UUID(), plan: "premium", actor: UUID())

    @Test(
        "Each kind of work reads back as it was written",
        arguments: [
            JobWork.provision, .changePlan(change), .changePlan(.init(planID: UUID(), plan: "basic", actor: nil)),
            .deprovision(mitigate: true), .deprovision(mitigate: false), .expireProvisioning,
        ]
    )
    func roundTrip(_ work: JobWork) {
        #expect(JobWork(kind: work.kind.rawValue, payload: work.payload) == work)
    }

    @Test("A plan change is stored under the keys rows already in the queue use")
    func planChangeKeys() throws {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(JobWork.changePlan(Self.change).payload.utf8))
                as? [String: String]
        )
        #expect(object["plan_id"] == Self.change.planID.uuidString)
        #expect(object["plan"] == "premium")
        #expect(object["actor"] == Self.change.actor?.uuidString)
    }

    @Test("Rows written before the work was typed still read")
    func earlierRows() {
        #expect(JobWork(kind: "deprovision", payload: #"{"mitigate": "true"}"#) == .deprovision(mitigate: true))
        #expect(JobWork(kind: "deprovision", payload: "{}") == .deprovision(mitigate: false))
        let id = UUID()
        #expect(
            JobWork(kind: "change_plan", payload: #"{"plan_id": "\#(id.uuidString)", "plan": "basic"}"#)
                == .changePlan(.init(planID: id, plan: "basic", actor: nil))
        )
    }

    @Test("Work that can't be read is nil, not a guess")
    func unreadable() {
        #expect(JobWork(kind: "resize", payload: "{}") == nil)
        #expect(JobWork(kind: "change_plan", payload: "{}") == nil)
        #expect(JobWork(kind: "change_plan", payload: #"{"plan_id": "not-a-uuid", "plan": "basic"}"#) == nil)
    }

    @Test("A claimed job whose work can't be read fails with a reason, and the queue moves on", .soukDatabase)
    func unreadableJobFails() async throws {
        let logger = Logger(label: "souk.tests.jobs")
        let testApp = TestApp.forAddons()
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            let addonID = try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                let id = try #require(created.object["id"] as? String)
                return try #require(UUID(uuidString: id))
            }
            try await withTestDatabase(SoukDatabase.current) { database in
                let broken = UUID()
                try await database.query(
                    """
                    INSERT INTO jobs (id, kind, addon_id, payload, run_at)
                    VALUES (\(broken), 'change_plan', \(addonID), '{"plan": "basic"}', now() - interval '1 minute')
                    """,
                    logger: logger
                )
                let jobs = JobRepository(database: database)
                let queued = try await jobs.start(
                    .deprovision(mitigate: false), addonID: addonID, lease: .zero, logger: logger)
                try await Task.sleep(for: .milliseconds(10))  // its zero lease has run out: it is due again

                let claimed = try #require(try await jobs.claim(lease: .seconds(60), logger: logger))
                #expect(claimed.id == queued.id && claimed.work == .deprovision(mitigate: false))
                for try await (state, error) in try await database.query(
                    "SELECT state, last_error FROM jobs WHERE id = \(broken)", logger: logger
                ).decode((String, String?).self) {
                    #expect(state == "failed")
                    #expect(error == "this Souk cannot read the job")
                }
                try await jobs.complete(claimed, logger: logger)
            }
        }
    }
}
