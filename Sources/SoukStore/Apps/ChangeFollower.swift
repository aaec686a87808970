/// A cache that `AppChangeListener` keeps true: told of each change it hears, and for how long it can be sure
/// it hears them all.
public protocol ChangeFollower: Sendable {
    func heard(_ notice: ChangeNotice)
    /// Every change committed before `instant - window` has been heard: serve until `instant`.
    func trust(until instant: ContinuousClock.Instant, now: ContinuousClock.Instant)
    /// Changes can no longer be heard: serve and keep nothing until trusted again.
    func suspend()
    var isTrusted: Bool { get }
}
