import AsyncHTTPClient
import Configuration
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import SoukCore
import Testing

@Suite("Crash safety and shared work")
struct CrashRecoveryTests {
    @Test("Souk killed mid-provision finishes the add-on on restart, once, leaving nothing orphaned", .soukDatabase)
    func killedMidProvision() async throws {
        let testApp = TestApp.forAddons(lease: 1)
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            let (slug, userKey, app) = try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                return (slug, user.key, try await api.createApp(key: user.key))
            }

            let souk = try await SoukProcess.forCrashTests()
            defer { souk.kill() }
            // The provider does the work, then hangs: Souk dies before it hears back.
            fake.misbehave(.provision, times: 1, .hang(.seconds(20)))
            let pending = souk.post(
                "/apps/\(app)/addons", key: userKey, body: #"{"plan": "\#(slug)", "attachment": {"name": "CACHE"}}"#)
            #expect(try await eventually { fake.requests(for: .provision).count == 1 })
            souk.kill()
            pending.cancel()

            try await testApp.run { api in
                // The dead process's job comes back when its lease ends: 2 × the 2 s call timeout + 5 s after
                // it started (SoukSettings), so the wait allows that and more for a loaded machine.
                #expect(
                    try await eventually(timeout: .seconds(30)) {
                        try await api.call(.get, "/apps/\(app)/config-vars", key: userKey).object["CACHE_URL"] != nil
                    })
                let addons = try await api.call(.get, "/apps/\(app)/addons", key: userKey).array
                #expect(addons.count == 1)
                #expect(addons.first?["state"] as? String == "provisioned")
                let uuids = fake.requests(for: .provision).compactMap { $0.json?["uuid"]?.stringValue }
                #expect(uuids.count == 2 && Set(uuids).count == 1)
                #expect(uuids.first == addons.first?["id"] as? String)
                #expect(fake.resources.count == 1)
                let attaches = try await api.call(.get, "/apps/\(app)/releases", key: userKey).array
                    .filter { ($0["description"] as? String)?.hasPrefix("Attach") == true }
                #expect(attaches.count == 1)
            }
        }
    }

    @Test("Two Souk instances on one database share the retries without running a job twice", .soukDatabase)
    func sharedWork() async throws {
        let first = TestApp.forAddons(timeout: 20)
        let second = {
            var app = TestApp.forAddons(timeout: 20)
            app.overrides["souk.jobs.workers"] = .init(.int(4), isSecret: false)
            return app
        }()
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await first.run { api in
                try await second.run { _ in
                    let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake, requires: ["many_per_app"])
                    let user = try await api.createUser()
                    let app = try await api.createApp(key: user.key)
                    var ids: [String] = []
                    for index in 0..<8 {
                        let created = try await api.call(
                            .post, "/apps/\(app)/addons", key: user.key,
                            json: ["plan": slug, "attachment": ["name": "A\(index)"]])
                        ids.append(try #require(created.object["id"] as? String))
                    }
                    fake.misbehave(
                        .deprovision, times: 8, .reply(status: 500, body: "later", contentType: "text/plain"))
                    for id in ids {
                        #expect(try await api.call(.delete, "/apps/\(app)/addons/\(id)", key: user.key).status == .ok)
                    }
                    #expect(try await eventually { fake.resources.isEmpty })
                    try await Task.sleep(for: .milliseconds(500))
                    // Eight refused DELETEs, then one that lands per resource: a job run twice would add more.
                    let deletes = fake.requests(for: .deprovision)
                    #expect(Set(deletes.compactMap(\.resourceID)).count == 8)
                    #expect(deletes.count == 16)
                }
            }
        }
    }
}
