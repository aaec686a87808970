import Foundation
import Testing

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
