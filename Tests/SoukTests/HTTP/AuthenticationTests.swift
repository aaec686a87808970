import Foundation
import Testing

import SoukCore

@testable import SoukServer

@Suite("Credentials and rate limiting")
struct AuthenticationTests {
    @Test("Keys are read from Bearer and from Basic's password", arguments: [
        ("Bearer abc", "abc"), ("bearer  abc ", "abc"), ("Basic " + Data(":abc".utf8).base64EncodedString(), "abc"),
        ("Basic " + Data("me@example.com:abc".utf8).base64EncodedString(), "abc"),
    ])
    func readsKeys(header: String, key: String) {
        #expect(AuthMiddleware.apiKey(fromAuthorization: header) == key)
    }

    @Test("Malformed credentials yield no key", arguments: [
        "Bearer", "Bearer ", "Basic", "Basic %%%", "Basic " + Data("nocolon".utf8).base64EncodedString(),
        "Basic " + Data("user:".utf8).base64EncodedString(), "Digest abc",
    ])
    func rejectsMalformed(header: String) {
        #expect(AuthMiddleware.apiKey(fromAuthorization: header) == nil)
    }

    @Test("The budget refills with time and never beyond its capacity")
    func tokenBucket() throws {
        let limiter = RateLimiter(perHour: 3600)
        let account = UUID()
        let start = ContinuousClock.now
        #expect(try limiter.spend(for: account, now: start) == 3599)
        #expect(try limiter.spend(for: account, now: start) == 3598)
        #expect(limiter.remaining(for: account, now: start + .seconds(1)) == 3599)
        #expect(limiter.remaining(for: account, now: start + .seconds(3600)) == 3600)
        let tiny = RateLimiter(perHour: 1)
        #expect(try tiny.spend(for: account, now: start) == 0)
        #expect(throws: (any Error).self) { try tiny.spend(for: account, now: start) }
        #expect(try tiny.spend(for: account, now: start + .seconds(3600)) == 0)
    }
}

@Suite("Authentication cache")
struct AuthenticationCacheTests {
    let account = Account(id: UUID(), email: "a@example.com", role: .user, createdAt: .now, updatedAt: .now)

    @Test("A remembered key is served until it expires")
    func expiry() {
        let cache = AuthenticationCache(lifetime: .seconds(10))
        let start = ContinuousClock.now
        cache.remember(account, forDigest: [1, 2, 3], now: start)
        #expect(cache.account(forDigest: [1, 2, 3], now: start + .seconds(9)) == account)
        #expect(cache.account(forDigest: [9], now: start) == nil)
        #expect(cache.account(forDigest: [1, 2, 3], now: start + .seconds(11)) == nil)
    }

    @Test("A zero lifetime remembers nothing; a full cache makes room")
    func limits() {
        let forgetful = AuthenticationCache(lifetime: .zero)
        forgetful.remember(account, forDigest: [1])
        #expect(forgetful.account(forDigest: [1]) == nil)
        let small = AuthenticationCache(lifetime: .seconds(10), capacity: 2)
        for byte in UInt8(0)..<5 { small.remember(account, forDigest: [byte]) }
        #expect(small.account(forDigest: [4]) == account)
    }
}
