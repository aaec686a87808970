import Testing

@testable import SoukCore

@Suite("Provider shares and payouts")
struct ProviderShareTests {
    @Test(
        "Net is gross × share rounded half-up to the cent, and the fee is the rest",
        arguments: [
            // 833 × 0.8 = 666.4 → 666, fee 833 − 666 = 167
            ("0.8", Int64(833), Int64(666), Int64(167)),
            // 2 × 0.75 = 1.5 → 2, fee 0
            ("0.75", 2, 2, 0),
            // 1 × 0.5 = 0.5 → 1, fee 0
            ("0.5", 1, 1, 0),
            // 3 × 0.5 = 1.5 → 2, fee 1
            ("0.5", 3, 2, 1),
            // 1 × 0.499999 = 0.499999 → 0, fee 1
            ("0.499999", 1, 0, 1),
            ("1", 833, 833, 0),
            ("0", 833, 0, 833),
            ("0.8", 0, 0, 0),
            // a refund splits as the mirror of the charge: −833 → −666 and −167
            ("0.8", -833, -666, -167),
        ]
    )
    func split(share: String, gross: Int64, net: Int64, fee: Int64) throws {
        let parts = try ProviderShare(share).split(gross: gross)
        #expect(parts.net == net)
        #expect(parts.fee == fee)
    }

    @Test("Payouts and fees add up to gross exactly, and net is the half-up product")
    func addsUp() throws {
        for share in ["0.8", "0.75", "0.333333", "0.000001", "0.999999"] {
            let parsed = try ProviderShare(share)
            for gross in Int64(0)...5000 {
                let (net, fee) = parsed.split(gross: gross)
                #expect(net + fee == gross)
                // half-up: net − ½ ≤ gross × share < net + ½, in millionths and doubled to stay whole
                let exact = 2 * gross * parsed.partsPerMillion
                #expect(exact >= (2 * net - 1) * 1_000_000 && exact < (2 * net + 1) * 1_000_000)
            }
        }
    }

    @Test(
        "Shares parse exactly into millionths and print back without trailing zeros",
        arguments: [
            ("0.8", Int64(800_000), "0.8"), ("0.75", 750_000, "0.75"), ("1", 1_000_000, "1"), ("0", 0, "0"),
            ("1.0", 1_000_000, "1"), ("0.000001", 1, "0.000001"), ("0.123456", 123_456, "0.123456"),
            ("0.800000", 800_000, "0.8"), (" 0.8 ", 800_000, "0.8"), ("-0", 0, "0"), ("00.5", 500_000, "0.5"),
        ]
    )
    func parses(text: String, partsPerMillion: Int64, description: String) throws {
        let share = try ProviderShare(text)
        #expect(share.partsPerMillion == partsPerMillion)
        #expect(share.description == description)
    }

    @Test("The default share is 0.8")
    func standard() {
        #expect(ProviderShare.default.partsPerMillion == 800_000)
        #expect(ProviderShare(partsPerMillion: 800_000) == .default)
        #expect(ProviderShare(partsPerMillion: 1_000_001) == nil && ProviderShare(partsPerMillion: -1) == nil)
    }

    @Test(
        "Shares outside 0 to 1, with more than 6 decimals, or not decimals at all are refused",
        arguments: [
            ("1.5", ProviderShareError.outOfRange("1.5")), ("-0.1", .outOfRange("-0.1")), ("2", .outOfRange("2")),
            ("1.000001", .outOfRange("1.000001")),
            ("99999999999999999999999", .outOfRange("99999999999999999999999")),
            ("abc", .notADecimal("abc")), ("", .notADecimal("")), (".5", .notADecimal(".5")),
            ("1.", .notADecimal("1.")), ("0,8", .notADecimal("0,8")), ("1e-1", .notADecimal("1e-1")),
            ("+0.8", .notADecimal("+0.8")), ("80%", .notADecimal("80%")),
            ("0.1234567", .tooManyDecimals("0.1234567")), ("0.8000000", .tooManyDecimals("0.8000000")),
        ]
    )
    func refuses(text: String, error: ProviderShareError) {
        #expect(throws: error) { try ProviderShare(text) }
    }

    @Test("Refusals say what was given and what is expected")
    func messages() {
        #expect(ProviderShareError.outOfRange("1.5").description.contains("\"1.5\" is outside 0 to 1"))
        #expect(ProviderShareError.tooManyDecimals("0.1234567").description.contains("more than 6 decimals"))
        #expect(ProviderShareError.notADecimal("abc").description.contains("like 0.8"))
    }
}
