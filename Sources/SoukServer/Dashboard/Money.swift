import SoukCore

/// Prices as people read them: `$12.34/month`, `Free`, `$0.05/GB used`.
enum Money {
    static func dollars(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let remainder = magnitude % 100
        return "\(sign)$\(magnitude / 100).\(remainder < 10 ? "0" : "")\(remainder)"
    }

    static func price(_ price: Plan.Price) -> String {
        if price.cents == 0 && !price.metered { return "Free" }
        return "\(dollars(Int64(price.cents)))/\(price.unit)\(price.metered ? " used" : "")"
    }
}
