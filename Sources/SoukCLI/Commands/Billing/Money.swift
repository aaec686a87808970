/// Cents as the CLI prints them: `$12.34`, `-$0.05`, `$0.00`.
enum Money {
    static func formatted(_ cents: Int64) -> String {
        // `magnitude` is a UInt64, so even Int64.min has one.
        let magnitude = cents.magnitude
        let rest = magnitude % 100
        return "\(cents < 0 ? "-" : "")$\(magnitude / 100).\(rest < 10 ? "0" : "")\(rest)"
    }
}
