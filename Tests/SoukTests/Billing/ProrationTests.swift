import Testing

@testable import SoukCore

@Suite("Prorating a monthly price")
struct ProrationTests {
    @Test(
        "A $25.00 plan for exactly 10 days (864,000 s) costs its share of that month's length",
        arguments: [
            // 2500 × 864000 / 2592000 (30 days: November 2026) = 833.33… → 833
            (Int64(2_592_000), Int64(833)),
            // 2500 × 864000 / 2419200 (28 days: February 2027) = 892.857… → 893
            (2_419_200, 893),
            // 2500 × 864000 / 2505600 (29 days: February 2028) = 862.068… → 862
            (2_505_600, 862),
            // 2500 × 864000 / 2678400 (31 days: December 2026) = 806.45… → 806
            (2_678_400, 806),
        ]
    )
    func tenDays(monthSeconds: Int64, cents: Int64) {
        #expect(Proration.cents(price: 2500, seconds: 864_000, ofMonth: monthSeconds) == cents)
    }

    @Test("Exactly half a cent rounds up, a hair less rounds down")
    func halfUp() {
        // 2500 × 2592 / 2592000 = 2.5 exactly → 3
        #expect(Proration.cents(price: 2500, seconds: 2592, ofMonth: 2_592_000) == 3)
        // 2500 × 2591 / 2592000 = 2.499… → 2
        #expect(Proration.cents(price: 2500, seconds: 2591, ofMonth: 2_592_000) == 2)
        // 1 × 1296000 / 2592000 = 0.5 (a one-cent plan for half of November) → 1
        #expect(Proration.cents(price: 1, seconds: 1_296_000, ofMonth: 2_592_000) == 1)
    }

    @Test("A whole month costs exactly the price, and more than a month is capped at it")
    func wholeMonthAndCap() {
        #expect(Proration.cents(price: 2500, seconds: 2_592_000, ofMonth: 2_592_000) == 2500)
        #expect(Proration.cents(price: 2500, seconds: 2_678_400, ofMonth: 2_678_400) == 2500)
        #expect(Proration.cents(price: 2500, seconds: 5_000_000, ofMonth: 2_592_000) == 2500)
        // a second short of the month: 2500 × 2591999 / 2592000 = 2499.999… → 2500
        #expect(Proration.cents(price: 2500, seconds: 2_591_999, ofMonth: 2_592_000) == 2500)
    }

    @Test("Free plans and empty intervals cost nothing")
    func nothing() {
        #expect(Proration.cents(price: 0, seconds: 864_000, ofMonth: 2_592_000) == 0)
        #expect(Proration.cents(price: 2500, seconds: 0, ofMonth: 2_592_000) == 0)
    }

    @Test("Large prices stay exact")
    func largePrice() {
        // $1,000,000.00 for one second of December 2026: 100000000 / 2678400 = 37.33… → 37
        #expect(Proration.cents(price: 100_000_000, seconds: 1, ofMonth: 2_678_400) == 37)
        // the same plan for all of December but one second: 100000000 − 37.33… = 99999962.66… → 99999963
        #expect(Proration.cents(price: 100_000_000, seconds: 2_678_399, ofMonth: 2_678_400) == 99_999_963)
    }
}
