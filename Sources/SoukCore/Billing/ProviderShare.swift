import Foundation

/// The part of its add-ons' gross a provider is paid, kept exactly in millionths rather than as a binary
/// fraction, so that "0.8" of every gross is the same cents on every machine.
public struct ProviderShare: Sendable, Hashable, CustomStringConvertible {
    /// One whole, in the share's units.
    public static let partsPerUnit: Int64 = 1_000_000

    /// The share when `SOUK_PROVIDER_SHARE` is not set, 0.8.
    public static let `default` = ProviderShare(uncheckedPartsPerMillion: 800_000)

    /// 0 to 1,000,000.
    public let partsPerMillion: Int64

    /// Nil unless the share is 0 to 1,000,000 millionths.
    public init?(partsPerMillion: Int64) {
        guard (0...Self.partsPerUnit).contains(partsPerMillion) else { return nil }
        self.init(uncheckedPartsPerMillion: partsPerMillion)
    }

    /// Parses a decimal from 0 to 1 with at most 6 decimals, such as "0.8", "0.75" or "1". Surrounding
    /// whitespace is ignored, since settings often carry some.
    public init(_ text: String) throws {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        let isNegative = digits.first == "-"
        if isNegative { digits.removeFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        func isDigits(_ text: Substring) -> Bool { text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
        guard !whole.isEmpty, isDigits(whole), parts.count == 1 || !fraction.isEmpty, isDigits(fraction) else {
            throw ProviderShareError.notADecimal(text)
        }
        guard fraction.count <= 6 else { throw ProviderShareError.tooManyDecimals(text) }
        // Anything past 1 is out of range, however many digits (even too many for an Int64) it has.
        guard let wholePart = Int64(whole), wholePart <= 1 else { throw ProviderShareError.outOfRange(text) }
        let fractionPart = Int64(fraction + String(repeating: "0", count: 6 - fraction.count))!
        let partsPerMillion = wholePart * Self.partsPerUnit + fractionPart
        guard partsPerMillion <= Self.partsPerUnit, !isNegative || partsPerMillion == 0 else {
            throw ProviderShareError.outOfRange(text)
        }
        self.init(uncheckedPartsPerMillion: partsPerMillion)
    }

    private init(uncheckedPartsPerMillion: Int64) {
        self.partsPerMillion = uncheckedPartsPerMillion
    }

    /// The provider's net, `gross × share` rounded half-up to the cent, and the platform's fee, the rest:
    /// net + fee is gross exactly. A negative gross (a refund) splits as the mirror of its positive.
    public func split(gross: Int64) -> (net: Int64, fee: Int64) {
        guard gross >= 0 else {
            let mirror = split(gross: -gross)
            return (-mirror.net, -mirror.fee)
        }
        let net = (2 * gross * partsPerMillion + Self.partsPerUnit) / (2 * Self.partsPerUnit)
        return (net, gross - net)
    }

    /// The share as a decimal, with no trailing zeros: "0.8", "0.75", "1".
    public var description: String {
        let whole = partsPerMillion / Self.partsPerUnit
        let fraction = partsPerMillion % Self.partsPerUnit
        guard fraction > 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 6 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}
