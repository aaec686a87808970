/// A monthly price charged for part of a month, in whole cents.
public enum Proration {
    /// `price × seconds / ofMonth`, rounded half-up to the cent, at most `price`.
    ///
    /// Integer arithmetic only: `(2ps + m) / 2m` is `ps/m + ½` floored, which is half-up for non-negative
    /// values. Seconds beyond the month are the cap's business, so they are cut before multiplying.
    public static func cents(price: Int64, seconds: Int64, ofMonth monthSeconds: Int64) -> Int64 {
        precondition(price >= 0 && monthSeconds > 0, "prices are never negative and months never empty")
        let seconds = min(max(seconds, 0), monthSeconds)
        let rounded = (2 * price * seconds + monthSeconds) / (2 * monthSeconds)
        return min(rounded, price)
    }
}
