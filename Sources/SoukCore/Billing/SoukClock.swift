import Foundation

/// Where Souk reads the time for what it charges: when periods open and close, which hour usage belongs
/// to, which months are over. The system's clock, or one a test drives.
public protocol SoukClock: Sendable {
    func now() -> Date
}

/// The system's clock.
public struct SystemClock: SoukClock {
    public init() {}

    public func now() -> Date { Date() }
}
