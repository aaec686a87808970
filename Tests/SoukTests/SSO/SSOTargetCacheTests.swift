import Foundation
import SoukCore
import Testing

@testable import SoukStore

/// Issue #12: single sign-on targets served from memory, and dropped by every change they depend on.
@Suite("Single sign-on targets kept in memory")
struct SSOTargetCacheTests {
    static func target(addon: UUID = UUID(), state: AddonState = .provisioned, contextApp: UUID = UUID()) -> SSOTarget {
        SSOTarget(
            addonID: addon, addonName: "addon-\(addon.uuidString.prefix(8))", state: state, providerID: "p-1",
            billingAppName: "billing", contextAppID: contextApp, contextAppName: "context", serviceSlug: "fake",
            serviceName: "Fake", flavour: .heroku, ssoURL: "http://127.0.0.1:1/sso", salt: "salt")
    }

    static func key(_ addon: UUID, viewer: UUID = UUID()) -> SSOTargetCache.Key {
        SSOTargetCache.Key(viewer: viewer, addon: addon.uuidString, contextApp: nil)
    }

    static func generation(of cache: SSOTargetCache) -> UInt64 {
        if case .miss(let generation) = cache.lookup(key(UUID())) { return generation }
        return .max
    }

    static func isHit(_ lookup: SSOTargetCache.Lookup) -> Bool {
        if case .hit = lookup { return true }
        return false
    }

    /// Keeps a provisioned target of `addon`, attached to `apps`, of service `service`, as a trusted cache would.
    @discardableResult
    static func keep(
        addon: UUID, apps: [UUID], service: UUID = UUID(), viewer: UUID = UUID(), in cache: SSOTargetCache
    ) throws -> SSOTargetCache.Key {
        let key = key(addon, viewer: viewer)
        cache.remember(
            target(addon: addon), serviceID: service, apps: apps, for: key, generation: generation(of: cache))
        try #require(isHit(cache.lookup(key)))
        return key
    }

    @Test("A change to the add-on, its service or any app it is attached to drops what depends on it, only that")
    func drops() throws {
        let cache = SSOTargetCache()
        cache.trust(until: .now + .seconds(3600))
        let (addon, other, service, billing, shared) = (UUID(), UUID(), UUID(), UUID(), UUID())
        let viewers = (UUID(), UUID())

        var first = try Self.keep(
            addon: addon, apps: [billing, shared], service: service, viewer: viewers.0, in: cache)
        var second = try Self.keep(
            addon: addon, apps: [billing, shared], service: service, viewer: viewers.1, in: cache)
        let unrelated = try Self.keep(addon: other, apps: [UUID()], in: cache)
        cache.heard(ChangeNotice(subject: .app(shared)))
        #expect(!Self.isHit(cache.lookup(first)) && !Self.isHit(cache.lookup(second)))
        #expect(Self.isHit(cache.lookup(unrelated)))

        first = try Self.keep(addon: addon, apps: [billing, shared], service: service, viewer: viewers.0, in: cache)
        cache.heard(ChangeNotice(subject: .addon(addon)))
        #expect(!Self.isHit(cache.lookup(first)))

        second = try Self.keep(addon: addon, apps: [billing], service: service, viewer: viewers.1, in: cache)
        cache.heard(ChangeNotice(subject: .service(service)))
        #expect(!Self.isHit(cache.lookup(second)))
        #expect(Self.isHit(cache.lookup(unrelated)))
        #expect(cache.count == 1)

        // The indexes let go of what they pointed at: the entry dropped by its app is no longer listed under
        // its add-on, so dropping the add-on later changes nothing else.
        first = try Self.keep(addon: addon, apps: [billing], service: service, in: cache)
        cache.drop(app: billing)
        cache.drop(addon: addon)
        cache.drop(service: service)
        #expect(cache.count == 1)

        // More add-ons at once than are announced by id: everything goes.
        try Self.keep(addon: addon, apps: [billing], in: cache)
        cache.heard(ChangeNotice(subject: .everyAddon))
        #expect(cache.count == 0)
    }

    @Test("A read that began before a change is not kept, nor a pending add-on, nor one shared by too many apps")
    func notKept() {
        let cache = SSOTargetCache()
        cache.trust(until: .now + .seconds(3600))
        let addon = UUID()
        let key = Self.key(addon)
        let before = Self.generation(of: cache)
        cache.drop(app: UUID())
        cache.remember(Self.target(addon: addon), serviceID: UUID(), apps: [UUID()], for: key, generation: before)
        #expect(!Self.isHit(cache.lookup(key)))

        cache.remember(
            Self.target(addon: addon, state: .provisioning), serviceID: UUID(), apps: [UUID()], for: key,
            generation: Self.generation(of: cache))
        #expect(!Self.isHit(cache.lookup(key)))

        let many = (0...SSOTargetCache.maximumApps).map { _ in UUID() }
        cache.remember(
            Self.target(addon: addon), serviceID: UUID(), apps: many, for: key, generation: Self.generation(of: cache))
        #expect(!Self.isHit(cache.lookup(key)))
        cache.remember(
            Self.target(addon: addon), serviceID: UUID(), apps: Array(many.dropFirst()), for: key,
            generation: Self.generation(of: cache))
        #expect(Self.isHit(cache.lookup(key)))
    }

    @Test("Without trust nothing is served or kept; trust regained starts from empty; capacity starts afresh")
    func trustAndCapacity() throws {
        let cache = SSOTargetCache(capacity: 2)
        let addon = UUID()
        let key = Self.key(addon)
        cache.remember(Self.target(addon: addon), serviceID: UUID(), apps: [], for: key, generation: 0)
        #expect(!Self.isHit(cache.lookup(key)))

        let start = ContinuousClock.now
        cache.trust(until: start + .seconds(2), now: start)
        cache.remember(
            Self.target(addon: addon), serviceID: UUID(), apps: [], for: key, generation: Self.generation(of: cache),
            now: start)
        #expect(Self.isHit(cache.lookup(key, now: start + .seconds(1))))
        #expect(!Self.isHit(cache.lookup(key, now: start + .seconds(3))))
        cache.trust(until: start + .seconds(6), now: start + .seconds(4))
        #expect(!Self.isHit(cache.lookup(key, now: start + .seconds(4))))

        cache.trust(until: .now + .seconds(3600))
        let keys = try (0..<3).map { _ in try Self.keep(addon: UUID(), apps: [UUID()], in: cache) }
        #expect(cache.count == 1)
        #expect(Self.isHit(cache.lookup(keys[2])))
        cache.suspend()
        #expect(cache.count == 0 && !cache.isTrusted)
    }

    @Test("Notices: apps as before, add-ons and services by kind; anything else is not understood")
    func notices() {
        let id = UUID()
        #expect(
            ChangeNotice(payload: "\(id.uuidString) 17") == ChangeNotice(subject: .app(id), microsecondsSince1970: 17))
        #expect(ChangeNotice(payload: id.uuidString) == ChangeNotice(subject: .app(id)))
        #expect(ChangeNotice(payload: "addon \(id.uuidString) 5")?.subject == .addon(id))
        #expect(ChangeNotice(payload: "service \(id.uuidString) 5")?.subject == .service(id))
        #expect(ChangeNotice(payload: "addon * 5")?.subject == .everyAddon)
        #expect(ChangeNotice(payload: "service * 5") == nil)
        #expect(ChangeNotice(payload: "* 5") == nil)
        #expect(ChangeNotice(payload: "plan \(id.uuidString) 5") == nil)
        #expect(ChangeNotice(payload: "addon nonsense 5") == nil)
        #expect(ChangeNotice(payload: "") == nil)
    }
}
