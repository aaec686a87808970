import Configuration
import Foundation
import HTTPTypes
import SoukCore
import Testing

/// Issue #15: app and add-on webhooks, against receivers on 127.0.0.1 that check every signature themselves.
@Suite("Webhooks")
struct WebhookTests {
    static func testApp(clock: (any SoukClock)? = nil, timeout: Double = 10) -> TestApp {
        var app = TestApp.forAddons()
        if let clock { app.clock = clock }
        app.overrides["souk.webhooks.pollSeconds"] = .init(.double(0.05), isSecret: false)
        app.overrides["souk.webhooks.timeoutSeconds"] = .init(.double(timeout), isSecret: false)
        return app
    }

    static let everything = ["api:addon", "api:addon-attachment", "api:app", "api:collaborator", "api:release"]

    /// Gives `app` a webhook for its releases at `receiver`, which then checks each signature with `secret`.
    static func addReleaseWebhook(
        _ api: API, app: String, key: String, level: String, receiver: WebhookReceiver, secret: String
    ) async throws -> API.Response {
        receiver.expect(secret: secret)
        return try await api.call(
            .post, "/apps/\(app)/webhooks", key: key,
            json: ["include": ["api:release"], "level": level, "url": receiver.url, "secret": secret])
    }

    @Test(
        "Each kind of event reaches an app's webhook signed, in order, with its data and previous data",
        .soukDatabase)
    func appEvents() async throws {
        try await WebhookReceiver.run { receiver in
            try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
                try await Self.testApp().run { api in
                    let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                    let user = try await api.createUser()
                    let app = try await api.createApp(key: user.key)
                    receiver.expect(secret: "s3cret-for-tests")
                    let created = try await api.call(
                        .post, "/apps/\(app)/webhooks", key: user.key,
                        json: [
                            "include": Self.everything, "level": "sync", "url": receiver.url,
                            "secret": "s3cret-for-tests", "authorization": "Bearer receiver-token",
                        ])
                    #expect(created.status == .created, "\(created.text)")
                    #expect(created.headers[HTTPField.Name("Heroku-Webhook-Secret")!] == nil)
                    #expect(!created.text.contains("s3cret"))
                    let webhook = try #require(created.object["id"] as? String)

                    _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["DEBUG": "on-123"])
                    let addon = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                    let id = try #require(addon.object["id"] as? String, "\(addon.text)")
                    _ = try await api.call(
                        .patch, "/apps/\(app)/addons/\(id)", key: user.key, json: ["plan": "\(slug):premium"])
                    let friend = try await api.createUser()
                    _ = try await api.call(
                        .post, "/apps/\(app)/collaborators", key: user.key, json: ["user": friend.email])
                    let renamed = "\(app)-2"
                    _ = try await api.call(.patch, "/apps/\(app)", key: user.key, json: ["name": renamed])

                    // Provisioning: the add-on, its billing attachment, then (once provisioned) its vars' release;
                    // the plan change's release follows its update.
                    let expected: [(String, String)] = [
                        ("release", "create"), ("addon", "create"), ("addon-attachment", "create"),
                        ("addon", "update"), ("release", "create"), ("addon", "update"), ("release", "create"),
                        ("collaborator", "create"), ("app", "update"),
                    ]
                    let arrived = try await eventually { receiver.events.count >= expected.count }
                    #expect(arrived, "\(receiver.events)")
                    #expect(receiver.events.map { "\($0.resource) \($0.action)" } == expected.map { "\($0) \($1)" })
                    #expect(receiver.deliveries.allSatisfy { $0.signatureValid })
                    #expect(receiver.deliveries.allSatisfy { $0.headers[.authorization] == "Bearer receiver-token" })
                    let bodies = receiver.deliveries.map(\.body)
                    let sequences = bodies.compactMap { $0["sequence"] as? Int }
                    #expect(sequences == sequences.sorted() && Set(sequences).count == sequences.count)
                    #expect(
                        bodies.allSatisfy {
                            (($0["webhook_metadata"] as? [String: Any])?["webhook"] as? [String: Any])?["id"]
                                as? String == webhook
                        })
                    // Releases name what changed, never a value.
                    #expect(
                        !receiver.deliveries.contains { String(decoding: $0.raw, as: UTF8.self).contains("on-123") })
                    let planChange = bodies.first {
                        $0["resource"] as? String == "addon" && ($0["previous_data"] as? [String: Any])?["plan"] != nil
                    }
                    #expect(
                        ((planChange?["data"] as? [String: Any])?["plan"] as? [String: Any])?["name"] as? String
                            == "\(slug):premium")
                    #expect(
                        ((planChange?["previous_data"] as? [String: Any])?["plan"] as? [String: Any])?["name"]
                            as? String == "\(slug):basic")
                    let rename = bodies.last
                    #expect((rename?["previous_data"] as? [String: Any])?["name"] as? String == app)
                    #expect((rename?["actor"] as? [String: Any])?["email"] as? String == user.email)

                    let events = try await api.call(.get, "/apps/\(renamed)/webhook-events", key: user.key).array
                    #expect(events.count == expected.count)
                    // The receiver has each event before its answer reaches Souk, which records it after that.
                    let recorded = try await eventually {
                        try await api.call(.get, "/apps/\(renamed)/webhook-deliveries", key: user.key).array
                            .allSatisfy { $0["status"] as? String == "succeeded" }
                    }
                    let deliveries = try await api.call(.get, "/apps/\(renamed)/webhook-deliveries", key: user.key)
                    #expect(recorded, "\(deliveries.text)")
                    let stranger = try await api.createUser()
                    #expect(
                        try await api.call(.get, "/apps/\(renamed)/webhooks", key: stranger.key).status == .notFound)
                    #expect(
                        try await api.call(.get, "/apps/\(renamed)/webhooks/\(webhook)", key: friend.key).status == .ok)
                }
            }
        }
    }

    @Test("Without a secret one is generated and shown once; bad bodies are refused", .soukDatabase)
    func generatedSecret() async throws {
        try await WebhookReceiver.run { receiver in
            try await Self.testApp().run { api in
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                for bad: [String: Any] in [
                    ["include": ["api:nope"], "level": "sync", "url": receiver.url],
                    ["include": [], "level": "sync", "url": receiver.url],
                    ["include": ["api:release"], "level": "loud", "url": receiver.url],
                    ["include": ["api:release"], "level": "sync", "url": "ftp://example.com"],
                    ["include": ["api:release"], "level": "sync"],
                ] {
                    let refused = try await api.call(.post, "/apps/\(app)/webhooks", key: user.key, json: bad)
                    #expect(refused.status == .unprocessableContent, "\(bad): \(refused.text)")
                }
                let created = try await api.call(
                    .post, "/apps/\(app)/webhooks", key: user.key,
                    json: ["include": ["api:release"], "level": "notify", "url": receiver.url])
                let secret = try #require(created.headers[HTTPField.Name("Heroku-Webhook-Secret")!], "\(created.text)")
                #expect(secret.count == 64)
                let id = try #require(created.object["id"] as? String)
                let shown = try await api.call(.get, "/apps/\(app)/webhooks/\(id)", key: user.key)
                #expect(!shown.text.contains(secret))
                #expect(shown.headers[HTTPField.Name("Heroku-Webhook-Secret")!] == nil)
                receiver.expect(secret: secret)
                _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["A": "1"])
                #expect(try await eventually { receiver.deliveries.count == 1 })
                #expect(receiver.deliveries.first?.signatureValid == true)
                #expect(try await api.call(.delete, "/apps/\(app)/webhooks/\(id)", key: user.key).status == .ok)
                #expect(try await api.call(.get, "/apps/\(app)/webhooks", key: user.key).array.isEmpty)
            }
        }
    }

    @Test(
        "notify tries once; sync retries after 60 s, then 120 s, on a driven clock, then succeeds slowly", .soukDatabase
    )
    func retries() async throws {
        let clock = ManualClock("2026-11-30T10:00:00Z")
        try await WebhookReceiver.run { notified in
            try await WebhookReceiver.run { synced in
                try await Self.testApp(clock: clock).run { api in
                    let user = try await api.createUser()
                    let app = try await api.createApp(key: user.key)
                    for (receiver, level) in [(notified, "notify"), (synced, "sync")] {
                        receiver.answer(.status(500), .status(302))
                        let created = try await Self.addReleaseWebhook(
                            api, app: app, key: user.key, level: level, receiver: receiver, secret: "secret-\(level)")
                        #expect(created.status == .created, "\(created.text)")
                    }
                    // The third attempt is answered slowly, within the timeout: it succeeds.
                    synced.answer(.hang(.milliseconds(300)))
                    _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["A": "1"])
                    func delivery(_ level: String) async throws -> [String: Any]? {
                        try await api.call(.get, "/apps/\(app)/webhook-deliveries", key: user.key).array.first {
                            ($0["webhook"] as? [String: Any])?["level"] as? String == level
                        }
                    }
                    #expect(try await eventually { try await delivery("notify")?["status"] as? String == "failed" })
                    #expect(try await eventually { try await delivery("sync")?["status"] as? String == "retrying" })
                    let first = try #require(try await delivery("sync"))
                    #expect(first["num_attempts"] as? Int == 1)
                    #expect(first["next_attempt_at"] as? String == "2026-11-30T10:01:00Z", "\(first)")
                    #expect((first["last_attempt"] as? [String: Any])?["code"] as? Int == 500)

                    clock.set("2026-11-30T10:00:59Z")
                    try await Task.sleep(for: .milliseconds(300))
                    #expect(synced.deliveries.count == 1, "not before its time")
                    clock.set("2026-11-30T10:01:00Z")
                    // An attempt counts once claimed; its outcome shows once recorded.
                    #expect(
                        try await eventually {
                            (try await delivery("sync")?["last_attempt"] as? [String: Any])?["code"] as? Int == 302
                        })
                    let second = try #require(try await delivery("sync"))
                    // A redirect is not followed: it is a failed attempt.
                    #expect((second["last_attempt"] as? [String: Any])?["code"] as? Int == 302)
                    #expect(second["next_attempt_at"] as? String == "2026-11-30T10:03:00Z", "\(second)")
                    clock.set("2026-11-30T10:03:00Z")
                    #expect(try await eventually { try await delivery("sync")?["status"] as? String == "succeeded" })
                    #expect(synced.deliveries.count == 3)
                    #expect(synced.deliveries.allSatisfy { $0.signatureValid })
                    #expect(notified.deliveries.count == 1)
                    let ids = Set(synced.deliveries.map { $0.headers[HTTPField.Name("Heroku-Webhook-Id")!] })
                    #expect(ids.count == 1, "every attempt names the same delivery")
                }
            }
        }
    }

    @Test("A receiver that hangs times out; the next event waits its turn behind the retry", .soukDatabase)
    func hangs() async throws {
        let clock = ManualClock("2026-11-30T10:00:00Z")
        try await WebhookReceiver.run { receiver in
            try await Self.testApp(clock: clock, timeout: 2).run { api in
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                receiver.answer(.hang(.seconds(4)))
                _ = try await Self.addReleaseWebhook(
                    api, app: app, key: user.key, level: "sync", receiver: receiver, secret: "hang-secret")
                _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["A": "1"])
                _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["B": "2"])
                let deliveries = {
                    try await api.call(.get, "/apps/\(app)/webhook-deliveries", key: user.key).array
                }
                #expect(
                    try await eventually {
                        try await deliveries().contains {
                            ($0["last_attempt"] as? [String: Any])?["error_class"] as? String == "timeout"
                        }
                    })
                // The second event is not sent before the first: it is scheduled after the first's retry.
                let listed = try await deliveries()
                let held = listed.filter { $0["num_attempts"] as? Int == 0 }
                let retrying = listed.first { $0["status"] as? String == "retrying" }
                #expect(held.count == 1 && held.first?["status"] as? String == "scheduled", "\(listed)")
                #expect(held.first?["next_attempt_at"] as? String == retrying?["next_attempt_at"] as? String)
                // Each look moves the clock on an hour, so that any retry (a loaded machine may time out once more)
                // comes due.
                #expect(
                    try await eventually(timeout: .seconds(30)) {
                        clock.set(clock.now().addingTimeInterval(3600))
                        return try await deliveries().allSatisfy { $0["status"] as? String == "succeeded" }
                    })
                let versions = receiver.deliveries.filter { $0.answered == 200 }.compactMap {
                    ($0.body["data"] as? [String: Any])?["version"] as? Int
                }
                #expect(versions == versions.sorted() && versions.count == 2, "\(versions)")
            }
        }
    }

    @Test("A change that fails writes no event; the same change done writes one", .soukDatabase)
    func failedChange() async throws {
        try await WebhookReceiver.run { receiver in
            try await Self.testApp().run { api in
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let taken = try await api.createApp(key: user.key)
                receiver.expect(secret: "rename-secret")
                _ = try await api.call(
                    .post, "/apps/\(app)/webhooks", key: user.key,
                    json: ["include": ["api:app"], "level": "sync", "url": receiver.url, "secret": "rename-secret"])
                let refused = try await api.call(.patch, "/apps/\(app)", key: user.key, json: ["name": taken])
                #expect(refused.status == .conflict, "\(refused.text)")
                #expect(try await api.call(.get, "/apps/\(app)/webhook-events", key: user.key).array.isEmpty)
                let renamed = try await api.call(.patch, "/apps/\(app)", key: user.key, json: ["name": "\(app)-x"])
                #expect(renamed.status == .ok, "\(renamed.text)")
                #expect(try await eventually { receiver.deliveries.count == 1 })
                #expect(try await api.call(.get, "/apps/\(app)-x/webhook-events", key: user.key).array.count == 1)
            }
        }
    }

    @Test("A provider's webhook sees the events of the apps its add-on is attached to, and only those", .soukDatabase)
    func providerWebhook() async throws {
        try await WebhookReceiver.run { receiver in
            try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
                try await Self.testApp().run { api in
                    let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake, requires: ["attachable"])
                    let user = try await api.createUser()
                    let billing = try await api.createApp(key: user.key)
                    let other = try await api.createApp(key: user.key)
                    let addon = try await api.call(
                        .post, "/apps/\(billing)/addons", key: user.key, json: ["plan": slug])
                    let id = try #require(addon.object["id"] as? String, "\(addon.text)")
                    let partner: HTTPFields = [.authorization: Marketplace.basic(fake.username, fake.password)]
                    let created = try await api.call(
                        .post, "/addons/\(id)/webhooks", key: nil,
                        json: ["include": ["api:release"], "level": "sync", "url": receiver.url, "secret": "p-secret"],
                        headers: partner)
                    #expect(created.status == .created, "\(created.text)")
                    #expect(
                        try await api.call(
                            .post, "/addons/\(id)/webhooks", key: user.key,
                            json: ["include": ["api:release"], "level": "sync", "url": receiver.url]
                        ).status == .unauthorized)
                    receiver.expect(secret: "p-secret")
                    _ = try await api.call(.patch, "/apps/\(other)/config-vars", key: user.key, json: ["X": "1"])
                    _ = try await api.call(.patch, "/apps/\(billing)/config-vars", key: user.key, json: ["Y": "1"])
                    _ = try await api.call(
                        .post, "/addon-attachments", key: user.key, json: ["addon": id, "app": other])
                    _ = try await api.call(.patch, "/apps/\(other)/config-vars", key: user.key, json: ["Z": "1"])
                    // The billing app's release, the other app's release that attached it, and its next one.
                    #expect(try await eventually { receiver.deliveries.count == 3 })
                    let apps = receiver.deliveries.compactMap {
                        (($0.body["data"] as? [String: Any])?["app"] as? [String: Any])?["name"] as? String
                    }
                    #expect(apps == [billing, other, other], "\(apps)")
                    #expect(receiver.deliveries.allSatisfy { $0.signatureValid })
                    let events = try await api.call(.get, "/addons/\(id)/webhook-events", key: nil, headers: partner)
                    #expect(events.array.count == 3, "\(events.text)")
                }
            }
        }
    }

    @Test(
        "A backlog goes out in order, a batch at a time; a failure in the middle holds back what follows", .soukDatabase
    )
    func backlogInOrder() async throws {
        let clock = ManualClock("2026-11-30T10:00:00Z")
        try await WebhookReceiver.run { receiver in
            var app = Self.testApp(clock: clock)
            app.overrides["souk.webhooks.batchPerWebhook"] = .init(.int(4), isSecret: false)
            try await app.run { api in
                let user = try await api.createUser()
                let name = try await api.createApp(key: user.key)
                receiver.answer(contentsOf: Array(repeating: .status(200), count: 10) + [.status(503)])
                _ = try await Self.addReleaseWebhook(
                    api, app: name, key: user.key, level: "sync", receiver: receiver, secret: "backlog-secret")
                for index in 0..<14 {
                    _ = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, json: ["V": "\(index)"])
                }
                func statuses() async throws -> [String: Int] {
                    let listed = try await api.call(.get, "/apps/\(name)/webhook-deliveries", key: user.key).array
                    return listed.reduce(into: [:]) { $0[$1["status"] as? String ?? "?", default: 0] += 1 }
                }
                // The 11th fails and waits for its retry; the 3 after it wait behind it.
                let held = try await eventually {
                    try await statuses() == ["succeeded": 10, "retrying": 1, "scheduled": 3]
                }
                let heldStatuses = try await statuses()
                #expect(held, "\(heldStatuses)")
                #expect(receiver.deliveries.count == 11)
                clock.set("2026-11-30T10:01:00Z")
                let done = try await eventually { try await statuses() == ["succeeded": 14] }
                let listed = try await api.call(.get, "/apps/\(name)/webhook-deliveries", key: user.key)
                #expect(done, "\(listed.text)")
                let versions = receiver.deliveries.compactMap {
                    ($0.body["data"] as? [String: Any])?["version"] as? Int
                }
                // Every release in order, the failed one (the 11th) again before the rest.
                #expect(versions.count == 15 && versions[10] == versions[11], "\(versions)")
                var once = versions
                once.remove(at: 10)
                #expect(once == once.sorted() && Set(once).count == 14, "\(versions)")
                #expect(receiver.deliveries.allSatisfy { $0.signatureValid })
            }
        }
    }

    @Test("Events older than the retention are pruned with their deliveries, once none is still to go", .soukDatabase)
    func retention() async throws {
        let clock = ManualClock(Date())
        try await WebhookReceiver.run { notified in
            try await WebhookReceiver.run { synced in
                var app = Self.testApp(clock: clock)
                app.overrides["souk.webhooks.retentionSeconds"] = .init(.double(3600), isSecret: false)
                try await app.run { api in
                    let user = try await api.createUser()
                    let name = try await api.createApp(key: user.key)
                    for (receiver, level) in [(notified, "notify"), (synced, "sync")] {
                        let created = try await Self.addReleaseWebhook(
                            api, app: name, key: user.key, level: level, receiver: receiver, secret: "keep-\(level)")
                        #expect(created.status == .created, "\(created.text)")
                    }
                    synced.answer(contentsOf: Array(repeating: .status(500), count: 3))
                    _ = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, json: ["A": "1"])
                    let events = { try await api.call(.get, "/apps/\(name)/webhook-events", key: user.key).array }
                    let deliveries = {
                        try await api.call(.get, "/apps/\(name)/webhook-deliveries", key: user.key).array
                    }
                    // Both attempts recorded: the clock moves only once the retry's time is set from it.
                    #expect(
                        try await eventually {
                            Set(try await deliveries().map { $0["status"] as? String }) == ["succeeded", "retrying"]
                        })
                    // Two hours on, the event is past its retention, but its sync delivery is still being retried.
                    clock.set(clock.now().addingTimeInterval(7200))
                    #expect(try await eventually { synced.deliveries.count == 2 })
                    try await Task.sleep(for: .milliseconds(300))  // a turn of the dispatcher, which prunes first
                    #expect(try await events().count == 1)
                    // Once it is done, the next pruning takes the event and both its deliveries.
                    #expect(
                        try await eventually {
                            clock.set(clock.now().addingTimeInterval(7200))
                            return try await events().isEmpty
                        })
                    #expect(synced.deliveries.last?.answered == 200)
                    #expect(try await deliveries().isEmpty)
                }
            }
        }
    }
}
