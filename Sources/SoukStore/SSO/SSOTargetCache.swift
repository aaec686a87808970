import CoreMetrics
import Foundation
import SoukCore
import Synchronization

/// Single sign-on targets as last read, so that a hand-off costs no query but the record of it.
///
/// Kept true like `EnvironmentCache`, by the same listener and the same pings (`AppChangeListener`):
/// - a target depends on its add-on (name, state, provider id, dashboard URL, attachments), its service
///   (name, flavour, `sso_url`, salt) and every app the add-on is attached to (their names, and who is a
///   member, which decides who may open it and from which app). Each of these announces its changes
///   (migrations 0010, 0019, 0020), and a change heard drops every target that depends on it;
/// - a write through this process drops what it touched itself once it is done (`AppRepository`,
///   `CollaboratorRepository`, `AttachmentRepository`, `AddonRepository`, `AddonServiceRepository`), so a
///   caller never opens a target older than its own write, even before the notification arrives;
/// - every drop moves `generation` on, and a read that began in an older generation is not kept;
/// - only provisioned add-ons attached to at most `maximumApps` apps are kept: a pending one is about to
///   change, and a widely shared one would make each entry as large as its list of apps.
public final class SSOTargetCache: ChangeFollower {
    struct Key: Hashable {
        var viewer: UUID
        /// The add-on's id or name, as asked for.
        var addon: String
        var contextApp: AppIdentifier?
    }

    private struct Entry {
        var target: SSOTarget
        var serviceID: UUID
        var apps: [UUID]
    }

    private struct State: HeardCacheState {
        var entries: [Key: Entry] = [:]
        var byApp: [UUID: Set<Key>] = [:]
        var byAddon: [UUID: Set<Key>] = [:]
        var byService: [UUID: Set<Key>] = [:]
        var generation: UInt64 = 0
        var trust = HearingTrust()

        mutating func insert(_ entry: Entry, for key: Key) {
            remove(key)
            entries[key] = entry
            for app in entry.apps { byApp[app, default: []].insert(key) }
            byAddon[entry.target.addonID, default: []].insert(key)
            byService[entry.serviceID, default: []].insert(key)
        }

        mutating func remove(_ key: Key) {
            guard let entry = entries.removeValue(forKey: key) else { return }
            for app in entry.apps { Self.unindex(key, from: &byApp, at: app) }
            Self.unindex(key, from: &byAddon, at: entry.target.addonID)
            Self.unindex(key, from: &byService, at: entry.serviceID)
        }

        private static func unindex(_ key: Key, from index: inout [UUID: Set<Key>], at id: UUID) {
            index[id]?.remove(key)
            if index[id]?.isEmpty == true { index[id] = nil }
        }

        mutating func drop(_ keys: Set<Key>?) {
            for key in keys ?? [] { remove(key) }
            generation &+= 1
        }

        mutating func empty() {
            entries.removeAll()
            byApp.removeAll()
            byAddon.removeAll()
            byService.removeAll()
            generation &+= 1
        }
    }

    /// Entries kept at most: past it the cache starts afresh (hand-offs refill what is hot).
    private let capacity: Int
    static let maximumApps = 100
    private let state = Mutex(State())
    private let hits: Counter
    private let misses: Counter

    /// Lookups count in `souk_sso_target_cache_lookups_total`, by `result` (`hit` or `miss`).
    public init(capacity: Int = 100_000, metrics: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.capacity = capacity
        hits = Counter(label: "souk_sso_target_cache_lookups_total", dimensions: [("result", "hit")], factory: metrics)
        misses = Counter(
            label: "souk_sso_target_cache_lookups_total", dimensions: [("result", "miss")], factory: metrics)
    }

    enum Lookup {
        case hit(SSOTarget)
        case miss(generation: UInt64)
    }

    func lookup(_ key: Key, now: ContinuousClock.Instant = .now) -> Lookup {
        let found = state.withLock { state -> Lookup in
            guard state.trust.holds(at: now), let entry = state.entries[key] else {
                return .miss(generation: state.generation)
            }
            return .hit(entry.target)
        }
        if case .hit = found { hits.increment() } else { misses.increment() }
        return found
    }

    /// Keeps what a read that began in `generation` found, unless anything changed since or it isn't worth
    /// keeping. `apps`: every app the add-on is attached to, its billing app among them.
    func remember(
        _ target: SSOTarget, serviceID: UUID, apps: [UUID], for key: Key, generation: UInt64,
        now: ContinuousClock.Instant = .now
    ) {
        guard target.state == .provisioned, apps.count <= Self.maximumApps else { return }
        state.withLock { state in
            guard state.trust.holds(at: now), state.generation == generation else { return }
            if state.entries.count >= capacity { state.empty() }
            state.insert(Entry(target: target, serviceID: serviceID, apps: apps), for: key)
        }
    }

    /// The app's name, members or attachments changed (or may have).
    public func drop(app: UUID) {
        state.withLock { $0.drop($0.byApp[app]) }
    }

    /// The add-on changed (or may have), or was attached or detached.
    public func drop(addon: UUID) {
        state.withLock { $0.drop($0.byAddon[addon]) }
    }

    /// The service's name, flavour, `sso_url` or salt changed (or may have).
    public func drop(service: UUID) {
        state.withLock { $0.drop($0.byService[service]) }
    }

    public func heard(_ notice: ChangeNotice) {
        switch notice.subject {
        case .app(let id): drop(app: id)
        case .addon(let id): drop(addon: id)
        case .everyAddon: state.withLock { $0.empty() }
        case .service(let id): drop(service: id)
        }
    }

    public func trust(until instant: ContinuousClock.Instant, now: ContinuousClock.Instant = .now) {
        state.withLock { $0.trust(until: instant, now: now) }
    }

    public func suspend() {
        state.withLock { $0.suspend() }
    }

    public var isTrusted: Bool { state.withLock { $0.trust.holds(at: .now) } }

    /// How many targets are kept (for tests).
    var count: Int { state.withLock { $0.entries.count } }
}
