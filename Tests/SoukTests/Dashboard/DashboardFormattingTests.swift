import Foundation
import NIOCore
import SoukCore
import SoukStore
import Testing

@testable import SoukServer

/// The small pieces pages are made of: prices, forms, flashes, password hashes.
@Suite("Dashboard formatting")
struct DashboardFormattingTests {
    @Test("Prices read as dollars and cents per unit, free plans as Free")
    func prices() {
        #expect(Money.dollars(1234) == "$12.34")
        #expect(Money.dollars(5) == "$0.05")
        #expect(Money.dollars(-250) == "-$2.50")
        #expect(Money.dollars(0) == "$0.00")
        #expect(Money.price(Plan.Price(cents: 1500, unit: "month")) == "$15.00/month")
        #expect(Money.price(Plan.Price(cents: 0, unit: "month")) == "Free")
        #expect(Money.price(Plan.Price(cents: 3, unit: "GB", metered: true)) == "$0.03/GB used")
    }

    @Test("Form bodies decode percent-encoding and +, keep the first of repeated names, refuse malformed encoding")
    func formBodies() throws {
        let form = try FormBody(ByteBuffer(string: "key=A%20B&value=1+2%2B3&key=second&empty="))
        #expect(form["key"] == "A B")
        #expect(form["value"] == "1 2+3")
        #expect(form["empty"] == "")
        #expect(form.optional("empty") == nil)
        #expect(throws: SoukError.self) { try form.require("missing") }
        #expect(throws: SoukError.self) { try FormBody(ByteBuffer(string: "bad=%zz")) }
    }

    @Test("A flash survives its cookie round trip, and a tampered cookie is ignored")
    func flashes() {
        let flash = Flash.error("Nope: <b>\"quoted\"</b> ✓")
        let back = Flash(cookieValue: flash.cookieValue)
        #expect(back?.message == flash.message)
        #expect(back?.kind == .error)
        #expect(back?.role == "alert")
        #expect(Flash(cookieValue: "warning:abc") == nil)
        #expect(Flash(cookieValue: "garbage") == nil)
    }

    @Test("A password hash verifies its password only; malformed hashes verify nothing")
    func passwordHashes() throws {
        let hasher = PasswordHash(logRounds: 10, blockSize: 8, parallelism: 1)
        let hash = try hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("scrypt$10$8$1$"))
        #expect(PasswordHash.verify("correct horse battery", against: hash))
        #expect(!PasswordHash.verify("correct horse batterY", against: hash))
        #expect(try hasher.hash("correct horse battery") != hash)
        for malformed in ["", "scrypt$10$8$1$abc", "bcrypt$x", "scrypt$40$8$1$AAAA$AAAA", hash + "x"] {
            #expect(!PasswordHash.verify("correct horse battery", against: malformed), "\(malformed)")
        }
        #expect(throws: SoukError.self) { try hasher.hash("short") }
        #expect(throws: SoukError.self) { try hasher.hash(String(repeating: "x", count: 2000)) }
    }

    @Test("The CSRF token depends on the key it is made from and matches only it")
    func csrfTokens() {
        let token = CSRFToken.make(key: "session-a")
        #expect(CSRFToken.matches(token, key: "session-a"))
        #expect(!CSRFToken.matches(token, key: "session-b"))
        #expect(!CSRFToken.matches("", key: "session-a"))
    }
}
