import Foundation
import SoukCore
import SoukStore
import Synchronization

/// A budget of `perHour` requests per key, refilled continuously (a token bucket), as Heroku meters its
/// API. Decisions are taken in memory, so metering costs no round trip; `RateLimitSync` adds each
/// process's spending to the shared balance in PostgreSQL once a second and takes that balance back, so
/// the budget holds across every Souk process on the database within a second's worth of requests.
final class RateLimiter: Sendable {
    /// What one request may do, and what to tell the client.
    struct Decision: Sendable, Equatable {
        var allowed: Bool
        var remaining: Int
        /// Seconds until one request is allowed again (0 when allowed).
        var retryAfter: Int
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
        /// Spent here since the last sync.
        var unsynced: Double = 0
    }

    /// Prefix of this limiter's keys in the shared table: `account`, `partner`, `auth-failures`.
    let scope: String
    let capacity: Double
    private let refillPerSecond: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    init(scope: String, perHour: Int) {
        self.scope = scope
        self.capacity = Double(max(perHour, 1))
        self.refillPerSecond = Double(max(perHour, 1)) / 3600
    }

    /// Spends one request of the key's budget, if there is one.
    func spend(_ key: String, now: ContinuousClock.Instant = .now) -> Decision {
        buckets.withLock { buckets in
            var bucket = refilled(buckets[key], now: now)
            defer {
                buckets[key] = bucket
                if buckets.count > 100_000 { prune(&buckets, now: now) }
            }
            guard bucket.tokens >= 1 else { return refusal(bucket) }
            bucket.tokens -= 1
            bucket.unsynced += 1
            return Decision(allowed: true, remaining: Int(bucket.tokens), retryAfter: 0)
        }
    }

    /// Whether the key has budget left, without spending it (failed sign-ins are spent only when they fail).
    func check(_ key: String, now: ContinuousClock.Instant = .now) -> Decision {
        buckets.withLock { buckets in
            let bucket = refilled(buckets[key], now: now)
            guard bucket.tokens >= 1 else { return refusal(bucket) }
            return Decision(allowed: true, remaining: Int(bucket.tokens), retryAfter: 0)
        }
    }

    /// What the key may still spend, without spending it.
    func remaining(_ key: String, now: ContinuousClock.Instant = .now) -> Int {
        buckets.withLock { max(0, Int(refilled($0[key], now: now).tokens)) }
    }

    /// The spending since the last sync, keyed for the shared table; it counts as synced from now on.
    func takeUnsynced() -> [RateLimitRepository.Spending] {
        buckets.withLock { buckets in
            var spendings: [RateLimitRepository.Spending] = []
            for (key, bucket) in buckets where bucket.unsynced > 0 {
                spendings.append(.init(key: "\(scope):\(key)", spent: bucket.unsynced, capacity: capacity))
                buckets[key]?.unsynced = 0
            }
            return spendings
        }
    }

    /// Spending that couldn't be synced counts as unsynced again.
    func restore(_ spendings: [RateLimitRepository.Spending]) {
        let prefix = "\(scope):"
        buckets.withLock { buckets in
            for spending in spendings where spending.key.hasPrefix(prefix) {
                buckets[String(spending.key.dropFirst(prefix.count))]?.unsynced += spending.spent
            }
        }
    }

    /// Takes the shared balances back: each key's tokens become the balance, less what was spent here
    /// while the sync was under way.
    func absorb(_ balances: [String: Double], now: ContinuousClock.Instant = .now) {
        let prefix = "\(scope):"
        buckets.withLock { buckets in
            for (sharedKey, balance) in balances where sharedKey.hasPrefix(prefix) {
                let key = String(sharedKey.dropFirst(prefix.count))
                var bucket = refilled(buckets[key], now: now)
                bucket.tokens = min(capacity, balance) - bucket.unsynced
                buckets[key] = bucket
            }
        }
    }

    private func refusal(_ bucket: Bucket) -> Decision {
        let wait = (1 - bucket.tokens) / refillPerSecond
        return Decision(allowed: false, remaining: 0, retryAfter: max(1, Int(wait.rounded(.up))))
    }

    private func refilled(_ bucket: Bucket?, now: ContinuousClock.Instant) -> Bucket {
        guard var bucket else { return Bucket(tokens: capacity, updated: now) }
        let seconds = (now - bucket.updated).inSeconds
        if seconds > 0 {
            bucket.tokens = min(capacity, bucket.tokens + seconds * refillPerSecond)
            bucket.updated = now
        }
        return bucket
    }

    /// Full buckets with nothing to sync carry no information; dropping them bounds memory.
    private func prune(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant) {
        buckets = buckets.filter {
            let bucket = refilled($0.value, now: now)
            return bucket.tokens < capacity || bucket.unsynced > 0
        }
    }
}
