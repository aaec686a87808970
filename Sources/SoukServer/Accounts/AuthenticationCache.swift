import Foundation
import SoukCore
import Synchronization

/// Recently authenticated keys, by digest, for a few seconds: it takes the key lookup off every request,
/// so that a hot read such as `GET /apps/{app}/config-vars` is one round trip to the database. Only
/// successes are kept, never the key itself.
///
/// A revoked key must stop working within a second on every process, so the cache is trusted only until
/// shortly after `CredentialRevocationWatcher`'s last good poll of the revocation log: before the first,
/// and whenever polls fail, every lookup goes to the database. A lookup that was under way when a
/// revocation was applied is not remembered (the generation moved on), so a stale answer can't be cached
/// after it.
final class AuthenticationCache: Sendable {
    private struct Entry {
        var account: Account
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var entries: [[UInt8]: Entry] = [:]
        var trustedUntil: ContinuousClock.Instant?
        var generation: UInt64 = 0

        func isTrusted(at now: ContinuousClock.Instant) -> Bool { trustedUntil.map { now < $0 } ?? false }
    }

    private let lifetime: Duration
    private let capacity: Int
    private let state = Mutex(State())

    init(lifetime: Duration, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The generation a lookup starts in; pass it to `remember`.
    var generation: UInt64 { state.withLock { $0.generation } }

    func account(forDigest digest: [UInt8], now: ContinuousClock.Instant = .now) -> Account? {
        state.withLock { state in
            guard state.isTrusted(at: now), let entry = state.entries[digest] else { return nil }
            guard entry.expires > now else {
                state.entries[digest] = nil
                return nil
            }
            return entry.account
        }
    }

    /// Keeps a successful lookup that began in `generation`, no longer than the key itself lives.
    func remember(
        _ account: Account, forDigest digest: [UInt8], keyExpiresIn: Duration? = nil, generation: UInt64,
        now: ContinuousClock.Instant = .now
    ) {
        let lifetime = min(lifetime, keyExpiresIn ?? lifetime)
        guard lifetime > .zero else { return }
        state.withLock { state in
            guard state.isTrusted(at: now), state.generation == generation else { return }
            if state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value.expires > now }
                if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            }
            state.entries[digest] = Entry(account: account, expires: now + lifetime)
        }
    }

    /// A key was revoked or replaced.
    func forget(digest: [UInt8]) {
        state.withLock { state in
            state.entries[digest] = nil
            state.generation &+= 1
        }
    }

    /// Every key may have changed (an account's role did).
    func forgetAll() {
        state.withLock { state in
            state.entries.removeAll()
            state.generation &+= 1
        }
    }

    /// Every revocation committed before a poll that began at `instant - window` has been applied: the
    /// cache may serve until `instant`.
    func trust(until instant: ContinuousClock.Instant) {
        state.withLock { $0.trustedUntil = instant }
    }
}
