/// How long a cache kept true by `AppChangeListener` may serve from memory: until shortly after the listener's
/// last ping came back (every change committed before the ping was sent has been heard by then). One rule for
/// every such cache.
struct HearingTrust {
    private var until: ContinuousClock.Instant?

    func holds(at now: ContinuousClock.Instant) -> Bool { until.map { now < $0 } ?? false }

    /// Trust until `instant`. Returns whether trust had lapsed: then changes went unheard meanwhile, and what
    /// the cache kept must go.
    mutating func extend(to instant: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Bool {
        let lapsed = !holds(at: now)
        until = max(instant, until ?? instant)
        return lapsed
    }

    mutating func end() { until = nil }
}

/// The state of a cache kept true by `AppChangeListener`: what it keeps, and its trust. Whatever was kept goes
/// whenever the cache can't be sure it heard every change: when trust had lapsed, and when hearing stops.
protocol HeardCacheState {
    var trust: HearingTrust { get set }
    mutating func empty()
}

extension HeardCacheState {
    mutating func trust(until instant: ContinuousClock.Instant, now: ContinuousClock.Instant) {
        if trust.extend(to: instant, now: now) { empty() }
    }

    mutating func suspend() {
        empty()
        trust.end()
    }
}
