import CoreMetrics
import Foundation
import SoukCore
import Synchronization

/// Apps' environments as last read, with who may read them, so that the hot read (every dyno boot,
/// `GET /apps/{app}/config-vars`) is served from memory.
///
/// Kept true in three ways:
/// - `AppChangeListener` LISTENs for the notification that every change to an app or its members sends
///   (migration 0010) and drops that app, so a write through any process shows here within milliseconds.
///   It also pings itself through the channel, and each ping heard lets the cache serve a little longer
///   (`trust(until:)`): a LISTEN that stopped hearing (a lost or half-open connection, a pooler that doesn't
///   carry notifications) stops the serving within that window. Whenever trust lapses, what was kept goes.
/// - A write through this process drops the app itself when its transaction ends (`ConfigRepository`,
///   `AppRepository`, `CollaboratorRepository`), so a caller never reads back older than its own write,
///   even before the notification arrives; while a write is under way the app is read from the database.
/// - Every drop moves `generation` on, and a read that began in an older generation is not kept: it may
///   have seen the database before the change.
public final class EnvironmentCache: ChangeFollower {
    private struct State: HeardCacheState {
        var byID: [UUID: Environment] = [:]
        var idByName: [String: UUID] = [:]
        var writes: [UUID: Int] = [:]
        var generation: UInt64 = 0
        var trust = HearingTrust()
        var bytes = 0

        mutating func drop(_ appID: UUID) {
            if let environment = byID.removeValue(forKey: appID) {
                idByName[environment.appName] = nil
                bytes -= environment.footprint
            }
            generation &+= 1
        }

        mutating func empty() {
            byID.removeAll()
            idByName.removeAll()
            bytes = 0
            generation &+= 1
        }
    }

    /// Bytes kept at most: past it the cache starts afresh (reads refill what is hot).
    private let capacity: Int
    private let state = Mutex(State())
    private let hits: Counter
    private let misses: Counter

    /// Lookups count in `souk_environment_cache_lookups_total`, by `result` (`hit` or `miss`).
    public init(capacity: Int = 64 << 20, metrics: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.capacity = capacity
        hits = Counter(label: "souk_environment_cache_lookups_total", dimensions: [("result", "hit")], factory: metrics)
        misses = Counter(
            label: "souk_environment_cache_lookups_total", dimensions: [("result", "miss")], factory: metrics)
    }

    /// What a lookup found: the environment (the caller checks the viewer), or where a database read begins.
    public enum Lookup: Sendable {
        case hit(Environment)
        case miss(generation: UInt64)
    }

    public func lookup(_ app: AppIdentifier, now: ContinuousClock.Instant = .now) -> Lookup {
        let found = state.withLock { state -> Lookup in
            guard state.trust.holds(at: now) else { return .miss(generation: state.generation) }
            let id: UUID? =
                switch app {
                case .id(let id): id
                case .name(let name): state.idByName[name]
                }
            guard let id, let environment = state.byID[id], state.writes[id] == nil else {
                return .miss(generation: state.generation)
            }
            return .hit(environment)
        }
        if case .hit = found { hits.increment() } else { misses.increment() }
        return found
    }

    /// Keeps what a read that began in `generation` found, unless anything changed since.
    func remember(_ environment: Environment, generation: UInt64, now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            guard state.trust.holds(at: now), state.generation == generation, state.writes[environment.appID] == nil,
                environment.footprint <= capacity
            else { return }
            if state.bytes + environment.footprint > capacity { state.empty() }
            if let replaced = state.byID.updateValue(environment, forKey: environment.appID) {
                state.idByName[replaced.appName] = nil
                state.bytes -= replaced.footprint
            }
            state.idByName[environment.appName] = environment.appID
            state.bytes += environment.footprint
        }
    }

    /// The app changed (or may have): read it from the database next time.
    public func drop(_ appID: UUID) {
        state.withLock { $0.drop(appID) }
    }

    /// A write to the app's environment or members begins: until `endWrite`, it is read from the database.
    func beginWrite(_ appID: UUID) {
        state.withLock { state in
            state.writes[appID, default: 0] += 1
            state.drop(appID)
        }
    }

    /// The transaction of a write ended, committed or not.
    func endWrite(_ appID: UUID) {
        state.withLock { state in
            if let count = state.writes[appID], count > 1 {
                state.writes[appID] = count - 1
            } else {
                state.writes[appID] = nil
            }
            state.drop(appID)
        }
    }

    /// An app's change, heard from any process, drops it; other changes don't touch environments.
    public func heard(_ notice: ChangeNotice) {
        if case .app(let appID) = notice.subject { drop(appID) }
    }

    /// After a time without trust, whatever was kept may be stale, so the cache starts afresh.
    public func trust(until instant: ContinuousClock.Instant, now: ContinuousClock.Instant = .now) {
        state.withLock { $0.trust(until: instant, now: now) }
    }

    public func suspend() {
        state.withLock { $0.suspend() }
    }

    /// Whether reads may be served from memory now.
    public var isTrusted: Bool { state.withLock { $0.trust.holds(at: .now) } }
}
