import Foundation
import SoukCore
import Synchronization

/// A clock the test sets: billing reads its time, so a test walks through months without sleeping.
final class ManualClock: SoukClock {
    private let instant: Mutex<Date>

    init(_ start: Date) {
        instant = Mutex(start)
    }

    /// `2026-11-05T00:00:00Z`.
    convenience init(_ text: String) {
        self.init(try! Date(text, strategy: .iso8601))
    }

    func now() -> Date { instant.withLock { $0 } }

    func set(_ text: String) {
        set(try! Date(text, strategy: .iso8601))
    }

    func set(_ date: Date) {
        instant.withLock { $0 = date }
    }
}
