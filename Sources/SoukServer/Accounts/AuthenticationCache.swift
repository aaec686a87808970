import Foundation
import SoukCore
import Synchronization

/// Recently authenticated keys, by digest, for a few seconds: it takes the key lookup off every request,
/// so that a hot read such as `GET /apps/{app}/config-vars` is one round trip to the database. Only
/// successes are kept, never the key itself; a change to an account shows after at most `lifetime`.
public final class AuthenticationCache: Sendable {
    private struct Entry {
        var account: Account
        var expires: ContinuousClock.Instant
    }

    private let lifetime: Duration
    private let capacity: Int
    private let entries = Mutex<[[UInt8]: Entry]>([:])

    public init(lifetime: Duration, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    public func account(forDigest digest: [UInt8], now: ContinuousClock.Instant = .now) -> Account? {
        entries.withLock { entries in
            guard let entry = entries[digest] else { return nil }
            guard entry.expires > now else {
                entries[digest] = nil
                return nil
            }
            return entry.account
        }
    }

    public func remember(_ account: Account, forDigest digest: [UInt8], now: ContinuousClock.Instant = .now) {
        guard lifetime > .zero else { return }
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[digest] = Entry(account: account, expires: now + lifetime)
        }
    }
}
