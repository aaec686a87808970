import SoukCore

extension Plan.Price {
    /// `$10.00/month`, or `free`.
    var formatted: String {
        guard cents > 0 else { return "free" }
        let rest = cents % 100
        return "$\(cents / 100).\(rest < 10 ? "0" : "")\(rest)/\(unit)"
    }
}
