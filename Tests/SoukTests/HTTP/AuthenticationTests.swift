import Foundation
import SoukCore
import SoukStore
import Testing

@testable import SoukServer

@Suite("Credentials and rate limiting")
struct AuthenticationTests {
    @Test(
        "Keys are read from Bearer and from Basic's password",
        arguments: [
            ("Bearer abc", "abc"), ("bearer  abc ", "abc"), ("Basic " + Data(":abc".utf8).base64EncodedString(), "abc"),
            ("Basic " + Data("me@example.com:abc".utf8).base64EncodedString(), "abc"),
        ])
    func readsKeys(header: String, key: String) {
        #expect(AuthMiddleware.apiKey(fromAuthorization: header) == key)
    }

    @Test(
        "Malformed credentials yield no key",
        arguments: [
            "Bearer", "Bearer ", "Basic", "Basic %%%", "Basic " + Data("nocolon".utf8).base64EncodedString(),
            "Basic " + Data("user:".utf8).base64EncodedString(), "Digest abc",
        ])
    func rejectsMalformed(header: String) {
        #expect(AuthMiddleware.apiKey(fromAuthorization: header) == nil)
    }

    @Test("The budget refills with time and never beyond its capacity; a refusal says when to retry")
    func tokenBucket() {
        let limiter = RateLimiter(scope: "account", perHour: 3600)
        let account = UUID().uuidString
        let start = ContinuousClock.now
        #expect(limiter.spend(account, now: start).remaining == 3599)
        #expect(limiter.spend(account, now: start).remaining == 3598)
        #expect(limiter.remaining(account, now: start + .seconds(1)) == 3599)
        #expect(limiter.remaining(account, now: start + .seconds(3600)) == 3600)
        let tiny = RateLimiter(scope: "account", perHour: 1)
        #expect(tiny.spend(account, now: start) == .init(allowed: true, remaining: 0, retryAfter: 0))
        #expect(tiny.spend(account, now: start) == .init(allowed: false, remaining: 0, retryAfter: 3600))
        #expect(tiny.check(account, now: start + .seconds(1800)).retryAfter == 1800)
        #expect(tiny.spend(account, now: start + .seconds(3600)).allowed)
    }

    @Test(
        "Spending is handed over for the shared balance once, and the balance comes back less what was spent meanwhile")
    func syncing() {
        let limiter = RateLimiter(scope: "account", perHour: 100)
        let start = ContinuousClock.now
        for _ in 0..<3 { _ = limiter.spend("a", now: start) }
        let taken = limiter.takeUnsynced()
        #expect(taken.map(\.key) == ["account:a"] && taken.map(\.spent) == [3] && taken.map(\.capacity) == [100])
        #expect(limiter.takeUnsynced().isEmpty)
        _ = limiter.spend("a", now: start)
        // Another process spent 50 meanwhile: the shared balance is 100 - 3 - 50.
        limiter.absorb(["account:a": 47, "partner:a": 1], now: start)
        #expect(limiter.remaining("a", now: start) == 46)
        limiter.restore(limiter.takeUnsynced())
        #expect(limiter.takeUnsynced().map(\.spent) == [1])
    }

    @Test("X-Forwarded-For is believed only from a configured proxy, and then only past the proxies")
    func clientAddress() {
        #expect(ClientAddress.of(peer: "203.0.113.9", forwardedFor: "1.2.3.4", trustedProxies: []) == "203.0.113.9")
        #expect(ClientAddress.of(peer: "10.0.0.2", forwardedFor: "1.2.3.4", trustedProxies: ["10.0.0.1"]) == "10.0.0.2")
        #expect(
            ClientAddress.of(peer: "10.0.0.1", forwardedFor: "6.6.6.6, 1.2.3.4", trustedProxies: ["10.0.0.1"])
                == "1.2.3.4")
        #expect(
            ClientAddress.of(
                peer: "10.0.0.1", forwardedFor: "1.2.3.4, 10.0.0.3", trustedProxies: ["10.0.0.1", "10.0.0.3"])
                == "1.2.3.4"
        )
        #expect(ClientAddress.of(peer: "10.0.0.1", forwardedFor: nil, trustedProxies: ["10.0.0.1"]) == "10.0.0.1")
        #expect(ClientAddress.of(peer: nil, forwardedFor: "1.2.3.4", trustedProxies: []) == "unknown")
    }
}

@Suite("Authentication cache")
struct AuthenticationCacheTests {
    let account = Account(id: UUID(), email: "a@example.com", role: .user, createdAt: .now, updatedAt: .now)

    func trusted(lifetime: Duration = .seconds(10), capacity: Int = 10_000) -> AuthenticationCache {
        let cache = AuthenticationCache(lifetime: lifetime, capacity: capacity)
        cache.trust(until: .now + .seconds(3600))
        return cache
    }

    @Test("A remembered key is served until it expires, or until the key itself expires")
    func expiry() {
        let cache = trusted()
        let start = ContinuousClock.now
        cache.remember(account, forDigest: [1, 2, 3], generation: cache.generation, now: start)
        #expect(cache.account(forDigest: [1, 2, 3], now: start + .seconds(9)) == account)
        #expect(cache.account(forDigest: [9], now: start) == nil)
        #expect(cache.account(forDigest: [1, 2, 3], now: start + .seconds(11)) == nil)
        cache.remember(account, forDigest: [4], keyExpiresIn: .seconds(2), generation: cache.generation, now: start)
        #expect(cache.account(forDigest: [4], now: start + .seconds(1)) == account)
        #expect(cache.account(forDigest: [4], now: start + .seconds(3)) == nil)
    }

    @Test("A zero lifetime remembers nothing; a full cache makes room")
    func limits() {
        let forgetful = trusted(lifetime: .zero)
        forgetful.remember(account, forDigest: [1], generation: forgetful.generation)
        #expect(forgetful.account(forDigest: [1]) == nil)
        let small = trusted(capacity: 2)
        for byte in UInt8(0)..<5 { small.remember(account, forDigest: [byte], generation: small.generation) }
        #expect(small.account(forDigest: [4]) == account)
    }

    @Test("Nothing is cached while revocations may be missed, and a revocation beats a lookup under way")
    func revocations() {
        let cache = AuthenticationCache(lifetime: .seconds(10))
        let start = ContinuousClock.now
        cache.remember(account, forDigest: [1], generation: cache.generation, now: start)
        #expect(cache.account(forDigest: [1], now: start) == nil)

        cache.trust(until: start + .seconds(3600))
        cache.remember(account, forDigest: [1], generation: cache.generation)
        cache.remember(account, forDigest: [2], generation: cache.generation)
        let lookup = cache.generation
        cache.forget(digest: [1])
        #expect(cache.account(forDigest: [1]) == nil)
        #expect(cache.account(forDigest: [2]) == account)
        // The lookup began before the revocation: its answer may be stale, so it isn't kept.
        cache.remember(account, forDigest: [1], generation: lookup)
        #expect(cache.account(forDigest: [1]) == nil)

        cache.forgetAll()
        #expect(cache.account(forDigest: [2]) == nil)
        cache.remember(account, forDigest: [3], generation: cache.generation)
        #expect(cache.account(forDigest: [3]) == account)
        // The watcher's polls stopped: once its last good one is a window old, the cache is bypassed.
        #expect(cache.account(forDigest: [3], now: start + .seconds(3601)) == nil)
    }
}
