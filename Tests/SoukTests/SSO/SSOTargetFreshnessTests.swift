import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import SoukCore
import Synchronization
import Testing

@testable import SoukStore

/// Issue #12, items 2 and 3 for single sign-on: a hand-off's target is served from memory, and no change it
/// depends on outlives its write, here at once and through another process within moments.
@Suite("Single sign-on targets kept true across processes")
struct SSOTargetFreshnessTests {
    @Test(
        "Hand-offs come from memory; membership, manifest, rename, detach and removal show here at once and elsewhere soon",
        .soukDatabase)
    func everyChangeShows() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await TestApp.forAddons().run { api in
                let (slug, providerKey) = try await Marketplace.registerHeroku(
                    api, fake: fake, requires: ["attachable"])
                let owner = try await api.createUser()
                let helper = try await api.createUser()
                let app = try await api.createApp(key: owner.key)
                let created = try await api.call(.post, "/apps/\(app)/addons", key: owner.key, json: ["plan": slug])
                #expect(created.status == .created, "\(created.text)")
                let addon = try #require(created.object["id"] as? String)
                let added = try await api.call(
                    .post, "/apps/\(app)/collaborators", key: owner.key, json: ["user": helper.email])
                #expect(added.status == .created)

                let metricsToken = UUID().uuidString
                let other = try SoukProcess.sibling(metricsToken: metricsToken)
                defer { other.kill() }
                #expect(try await other.ready())

                var lags: [Duration] = []
                /// `path` as `key` sees it, here at once and through the other process once it has heard.
                func expectEverywhere(
                    _ path: String, key: String, since: ContinuousClock.Instant, _ shows: ([String: Any], Int) -> Bool,
                    _ what: String
                ) async throws {
                    let here = try await api.call(.get, path, key: key)
                    #expect(shows(here.object, here.status.code), "here: \(what): \(here.status) \(here.text)")
                    let seen = try await eventually {
                        let there = try await other.get(path, key: key)
                        return shows(there.object, there.status)
                    }
                    lags.append(ContinuousClock.now - since)
                    #expect(seen, "the other process: \(what)")
                }
                func action(_ object: [String: Any]) -> String? { object["action"] as? String }
                func warm(_ path: String, key: String) async throws {
                    for _ in 0..<5 { #expect(try await other.get(path, key: key).status == 200, "\(path)") }
                }

                let fromApp = "/apps/\(app)/addons/\(addon)/sso"
                // Served from memory once the other process hears its pings (it may answer /ready before).
                #expect(
                    try await eventually {
                        try await warm(fromApp, key: helper.key)
                        let metrics = try await other.scrapeMetrics(token: metricsToken)
                        let hits = SoukProcess.sample(metrics, #"souk_sso_target_cache_lookups_total{result="hit"}"#)
                        return (hits ?? 0) >= 4
                    })

                // A collaborator removed can no longer open the add-on.
                var since = ContinuousClock.now
                let removed = try await api.call(.delete, "/apps/\(app)/collaborators/\(helper.email)", key: owner.key)
                #expect(removed.status == .ok)
                try await expectEverywhere(fromApp, key: helper.key, since: since, { $1 == 404 }, "removed helper")

                // A manifest pushed with a new sso_url is where the next hand-off goes.
                try await warm(fromApp, key: owner.key)
                since = ContinuousClock.now
                let pushed = try await api.call(
                    .post, "/provider/manifests", key: providerKey,
                    json: Marketplace.herokuManifest(fake: fake, requires: ["attachable"], ssoPath: "/sso/moved"))
                #expect(pushed.status == .ok || pushed.status == .created, "\(pushed.text)")
                try await expectEverywhere(
                    fromApp, key: owner.key, since: since,
                    { object, _ in action(object)?.hasSuffix("/sso/moved") == true },
                    "new sso_url")

                // Renamed: the old name opens nothing, the new one does.
                let renamed = API.uniqueAppName()
                since = ContinuousClock.now
                #expect(
                    try await api.call(.patch, "/apps/\(app)", key: owner.key, json: ["name": renamed]).status == .ok)
                try await expectEverywhere(fromApp, key: owner.key, since: since, { $1 == 404 }, "old app name")
                let fromRenamed = "/apps/\(renamed)/addons/\(addon)/sso"
                try await warm(fromRenamed, key: owner.key)

                // Attached elsewhere, then detached: that app no longer opens it.
                let second = try await api.createApp(key: owner.key)
                let attached = try await api.call(
                    .post, "/addon-attachments", key: owner.key, json: ["addon": addon, "app": second])
                #expect(attached.status == .created || attached.status == .ok, "\(attached.text)")
                let attachment = try #require(attached.object["id"] as? String)
                let fromSecond = "/apps/\(second)/addons/\(addon)/sso"
                try await warm(fromSecond, key: owner.key)
                since = ContinuousClock.now
                #expect(try await api.call(.delete, "/addon-attachments/\(attachment)", key: owner.key).status == .ok)
                try await expectEverywhere(fromSecond, key: owner.key, since: since, { $1 == 404 }, "detached app")

                // Removed: nothing opens it.
                try await warm(fromRenamed, key: owner.key)
                since = ContinuousClock.now
                #expect(try await api.call(.delete, "/apps/\(renamed)/addons/\(addon)", key: owner.key).status == .ok)
                try await expectEverywhere(fromRenamed, key: owner.key, since: since, { $1 == 404 }, "removed add-on")

                let slowest = lags.max() ?? .zero
                print("SSO targets: each change shown by the other process within \(slowest) of its write's answer")
            }
        }
    }

    @Test(
        "A write through this process drops the targets it touched by its answer, without waiting to hear of it",
        .soukDatabase)
    func ownWrites() async throws {
        let logger = Logger(label: "souk.tests.sso-targets")
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            let (addon, app, second, owner, helper) = try await TestApp.forAddons().run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake, requires: ["attachable"])
                let owner = try await api.createUser()
                let helper = try await api.createUser()
                let app = try await api.createApp(key: owner.key)
                let second = try await api.createApp(key: owner.key)
                let created = try await api.call(.post, "/apps/\(app)/addons", key: owner.key, json: ["plan": slug])
                let addon = try #require(created.object["id"] as? String)
                #expect(
                    try await api.call(
                        .post, "/addon-attachments", key: owner.key, json: ["addon": addon, "app": second]
                    )
                    .status == .created)
                #expect(
                    try await api.call(
                        .post, "/apps/\(app)/collaborators", key: owner.key, json: ["user": helper.email]
                    ).status == .created)
                func id(_ path: String) async throws -> UUID {
                    let raw = try await api.call(.get, path, key: owner.key).object["id"] as? String ?? ""
                    return try #require(UUID(uuidString: raw))
                }
                return (
                    try #require(UUID(uuidString: addon)), AppReference(id: try await id("/apps/\(app)"), name: app),
                    AppReference(id: try await id("/apps/\(second)"), name: second),
                    AccountReference(id: try #require(UUID(uuidString: owner.id)), email: owner.email),
                    AccountReference(id: try #require(UUID(uuidString: helper.id)), email: helper.email)
                )
            }
            try await withTestDatabase(SoukDatabase.current) { database in
                // Trusted, and listening to nothing: only this process's own writes can drop what it keeps.
                let cache = SSOTargetCache()
                cache.trust(until: .now + .seconds(3600))
                let secrets = try SecretBox(encodedKey: TestApp.encryptionKey)
                let sso = SSORepository(
                    database: database, secrets: secrets, issuances: SSOIssuanceLog(database: database, logger: logger),
                    cache: cache)
                let config = ConfigRepository(database: database, secrets: secrets)
                let addons = AddonRepository(
                    database: database, secrets: secrets, config: config, webURLBase: nil, ssoTargets: cache)
                func opens(_ viewer: AccountReference, from context: AppReference?) async throws -> Bool {
                    try await sso.target(
                        addon.uuidString, contextApp: context.map { .name($0.name) }, viewer: viewer.id, logger: logger)
                        != nil
                }
                /// Opens, and is then served from memory.
                func openedAndKept(_ viewer: AccountReference, from context: AppReference?) async throws -> Bool {
                    guard try await opens(viewer, from: context) else { return false }
                    let key = SSOTargetCache.Key(
                        viewer: viewer.id, addon: addon.uuidString, contextApp: context.map { .name($0.name) })
                    if case .hit = cache.lookup(key) { return true }
                    return false
                }

                #expect(try await openedAndKept(helper, from: app))
                _ = try await CollaboratorRepository(database: database, ssoTargets: cache).remove(
                    helper, from: app, logger: logger)
                #expect(try await opens(helper, from: app) == false)

                #expect(try await openedAndKept(owner, from: app))
                let renamed = API.uniqueAppName()
                try await AppRepository(database: database, secrets: secrets, ssoTargets: cache).rename(
                    app.id, to: renamed, logger: logger)
                #expect(try await opens(owner, from: app) == false)

                #expect(try await openedAndKept(owner, from: second))
                let attachments = AttachmentRepository(
                    database: database, addons: addons, config: config, webURLBase: nil)
                let attachment = try #require(
                    try await attachments.attachments(app: second.id, addon: addon, logger: logger).first)
                _ = try await attachments.detach(attachment, actor: owner.id, logger: logger)
                #expect(try await opens(owner, from: second) == false)

                #expect(try await openedAndKept(owner, from: nil))
                _ = try await addons.remove(addon, actor: owner.id, notifyProvider: false, logger: logger)
                #expect(try await opens(owner, from: nil) == false)
            }
        }
    }

    @Test(
        "A statement that touches many add-ons announces them at once; a provisioning one's outcome stays quiet",
        .soukDatabase)
    func boundedNotices() async throws {
        let logger = Logger(label: "souk.tests.sso-notices")
        try await whileListening(to: SoukDatabase.current, on: "souk_apps", logger: logger) { heard in
            try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
                let addon = try await TestApp.forAddons().run { api in
                    let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                    let owner = try await api.createUser()
                    let app = try await api.createApp(key: owner.key)
                    let created = try await api.call(.post, "/apps/\(app)/addons", key: owner.key, json: ["plan": slug])
                    return try #require(created.object["id"] as? String)
                }
                // Installed and provisioned: nothing said of the add-on, as nothing could have kept it.
                #expect(heard.of("addon ").isEmpty, "\(heard.of("addon "))")
                try await withTestDatabase(SoukDatabase.current) { database in
                    let bulk = "bulk-\(UUID().uuidString.prefix(8).lowercased())-"
                    try await database.query(
                        """
                        INSERT INTO addons (id, name, service_id, plan_id, app_id, app_name, owner_id, state)
                        SELECT gen_random_uuid(), \(bulk) || i, service_id, plan_id, app_id, app_name, owner_id,
                            'provisioned'
                        FROM addons, generate_series(1, 101) i WHERE id = \(UUID(uuidString: addon)!)
                        """, logger: logger)
                    try await database.query(
                        "UPDATE addons SET provider_dashboard_url = 'https://x.test' WHERE name LIKE \(bulk + "%")",
                        logger: logger)
                    #expect(try await eventually { heard.of("addon ").count == 1 })
                    #expect(heard.of("addon ").first?.hasPrefix("addon * ") == true)
                    try await database.query(
                        "UPDATE addons SET provider_dashboard_url = 'https://y.test' WHERE id = \(UUID(uuidString: addon)!)",
                        logger: logger)
                    #expect(try await eventually { heard.of("addon ").count == 2 })
                    #expect(heard.of("addon ").last?.hasPrefix("addon \(addon) ") == true)
                }
            }
        }
    }
}
