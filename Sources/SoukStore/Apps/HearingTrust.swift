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
