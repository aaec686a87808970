import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import SoukCore
import Testing

@testable import SoukStore

/// Issue #12: hand-off records are written many to a commit, and each hand-off still returns only once its
/// own record is durable.
@Suite("Single sign-on records, many to a commit")
struct SSOIssuanceLogTests {
    private static let logger = Logger(label: "souk.tests.sso-log")

    @Test(
        "Records that arrive during a write go together in the next; a failed write fails all of its own", .soukDatabase
    )
    func batched() async throws {
        let testApp = TestApp.forAddons()
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            let (addonID, accountID, appID) = try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                return (
                    try #require((created.object["id"] as? String).flatMap(UUID.init(uuidString:))),
                    try #require(UUID(uuidString: user.id)),
                    try #require(
                        (try await api.call(.get, "/apps/\(app)", key: user.key).object["id"] as? String)
                            .flatMap(UUID.init(uuidString:)))
                )
            }
            try await withTestDatabase(SoukDatabase.current) { database in
                let log = SSOIssuanceLog(database: database, logger: Self.logger, concurrentWrites: 2)
                let good = SSOIssuanceLog.Issuance(
                    addonID: addonID, accountID: accountID, contextAppID: appID, method: .post)

                // Two writes wait behind a lock while 28 more records arrive: those wait for either to end, and
                // then go together.
                try await database.withConnection { blocker in
                    try await blocker.query("BEGIN", logger: Self.logger)
                    try await blocker.query("LOCK TABLE sso_issuances IN EXCLUSIVE MODE", logger: Self.logger)
                    async let first: Void = log.record(good)
                    #expect(try await eventually { log.backlog == (writing: 1, waiting: 0) })
                    async let second: Void = log.record(good)
                    #expect(try await eventually { log.backlog == (writing: 2, waiting: 0) })
                    async let written: Int = withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<28 { group.addTask { try await log.record(good) } }
                        return try await group.reduce(2) { count, _ in count + 1 }
                    }
                    #expect(try await eventually { log.backlog == (writing: 2, waiting: 28) })
                    try await blocker.query("COMMIT", logger: Self.logger)
                    _ = try await (first, second)
                    #expect(try await written == 30)
                }
                // The writers end once they find nothing more, just after resuming the last records' callers.
                #expect(try await eventually { log.backlog == (writing: 0, waiting: 0) })
                let rows = try await database.query(
                    "SELECT count(*), count(DISTINCT created_at) FROM sso_issuances WHERE addon_id = \(addonID)",
                    logger: Self.logger)
                for try await (count, commits) in rows.decode((Int, Int).self) {
                    #expect(count == 30)
                    // One commit each for the first two, and one for the 28: whichever writer came back first took
                    // them all, and the other found nothing left.
                    #expect(commits == 3)
                }

                // A record is history, not a reference: one whose add-on is gone is written like any other.
                let gone = SSOIssuanceLog.Issuance(
                    addonID: UUID(), accountID: accountID, contextAppID: appID, method: .get)
                try await log.record(gone)
                #expect(try await count(addon: gone.addonID, in: database) == 1)

                // A write that fails fails every record in it, each caller hears so, and the log goes on. The
                // insert is refused when it runs: PostgresNIO keeps a statement that failed to prepare failed for
                // good on its connection, which a renamed table would have done.
                try await database.query(
                    "ALTER TABLE sso_issuances ADD CONSTRAINT refused CHECK (false) NOT VALID", logger: Self.logger)
                let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<10 { group.addTask { (try? await log.record(good)) != nil } }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(outcomes == Array(repeating: false, count: 10))
                try await database.query("ALTER TABLE sso_issuances DROP CONSTRAINT refused", logger: Self.logger)
                #expect(try await eventually { log.backlog == (writing: 0, waiting: 0) })
                try await log.record(good)
                #expect(try await count(addon: addonID, in: database) == 31)
            }
        }
    }

    @Test(
        "A writer holds its connection from batch to batch, and lets it go when the primary moves", .soukDatabase
    )
    func followsThePrimary() async throws {
        let other = try await TestDatabase.create()
        defer { Task { try? await TestDatabase.drop(other) } }
        let hosts = Database(
            configurations: [
                try .init(url: SoukDatabase.current, maximumConnections: 4),
                try .init(url: other, maximumConnections: 4),
            ], logger: Self.logger)
        let record = SSOIssuanceLog.Issuance(addonID: UUID(), accountID: UUID(), contextAppID: UUID(), method: .get)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await hosts.run() }
            defer { group.cancelAll() }
            try await withTestDatabase(SoukDatabase.current) { first in
                try await withTestDatabase(other) { second in
                    let log = SSOIssuanceLog(database: hosts, logger: Self.logger)
                    // The first write waits behind a lock on the first host while five more records queue.
                    try await first.withConnection { blocker in
                        try await blocker.query("BEGIN", logger: Self.logger)
                        try await blocker.query("LOCK TABLE sso_issuances IN EXCLUSIVE MODE", logger: Self.logger)
                        async let firstWrite: Void = log.record(record)
                        // The writer holds its connection to the first host, its statement waiting on the lock:
                        // a lease still in the pool's queue would end with the move instead.
                        #expect(try await eventually { try await self.insertsWaiting(in: first) == 1 })
                        async let queued: Void = withThrowingTaskGroup(of: Void.self) { records in
                            for _ in 0..<5 { records.addTask { try await log.record(record) } }
                            try await records.waitForAll()
                        }
                        #expect(try await eventually { log.backlog == (writing: 1, waiting: 5) })
                        // A standby promoted meanwhile: what is still to write goes there, not down the
                        // connection the writer holds to the old primary.
                        hosts.use(host: 1)
                        try await blocker.query("COMMIT", logger: Self.logger)
                        _ = try await (firstWrite, queued)
                    }
                    #expect(try await count(addon: record.addonID, in: first) == 1)
                    #expect(try await count(addon: record.addonID, in: second) == 5)
                    // With nothing left to write the writer ends, and the next record starts one afresh.
                    #expect(try await eventually { log.backlog == (writing: 0, waiting: 0) })
                    try await log.record(record)
                    #expect(try await count(addon: record.addonID, in: second) == 6)
                }
            }
        }
    }

    /// Inserts of hand-off records waiting on a lock in `database`.
    private func insertsWaiting(in database: Database) async throws -> Int {
        let rows = try await database.query(
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO sso_issuances%'
            """, logger: Self.logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    private func count(addon: UUID, in database: Database) async throws -> Int {
        let rows = try await database.query(
            "SELECT count(*) FROM sso_issuances WHERE addon_id = \(addon)", logger: Self.logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
