import Foundation
import SoukCore
import Synchronization

/// Heroku's API budget: each account may make `perHour` requests, refilled continuously (a token
/// bucket). Kept in memory per process: it shields the process, and a restart forgiving a burst is
/// harmless.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let capacity: Double
    private let refillPerSecond: Double
    private let buckets = Mutex<[UUID: Bucket]>([:])

    public init(perHour: Int) {
        self.capacity = Double(max(perHour, 1))
        self.refillPerSecond = Double(max(perHour, 1)) / 3600
    }

    /// Spends one request of the account's budget and returns what remains, or throws 429.
    public func spend(for account: UUID, now: ContinuousClock.Instant = .now) throws -> Int {
        try buckets.withLock { buckets in
            var bucket = refilled(buckets[account], now: now)
            guard bucket.tokens >= 1 else {
                buckets[account] = bucket
                throw SoukError.rateLimited("Your account reached the API rate limit. Please wait a few minutes.")
            }
            bucket.tokens -= 1
            buckets[account] = bucket
            if buckets.count > 100_000 { prune(&buckets, now: now) }
            return Int(bucket.tokens)
        }
    }

    /// What the account may still spend, without spending it.
    public func remaining(for account: UUID, now: ContinuousClock.Instant = .now) -> Int {
        buckets.withLock { Int(refilled($0[account], now: now).tokens) }
    }

    private func refilled(_ bucket: Bucket?, now: ContinuousClock.Instant) -> Bucket {
        guard var bucket else { return Bucket(tokens: capacity, updated: now) }
        let elapsed = now - bucket.updated
        let seconds = elapsed.inSeconds
        bucket.tokens = min(capacity, bucket.tokens + seconds * refillPerSecond)
        bucket.updated = now
        return bucket
    }

    /// Full buckets carry no information; dropping them bounds memory.
    private func prune(_ buckets: inout [UUID: Bucket], now: ContinuousClock.Instant) {
        buckets = buckets.filter { refilled($0.value, now: now).tokens < capacity }
    }
}
