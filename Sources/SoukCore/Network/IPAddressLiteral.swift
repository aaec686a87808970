import Foundation

/// Parses the IP address literals a URL host may be.
enum IPAddressLiteral {
    /// IPv4 as `inet_aton` reads it, since that is what the resolver will connect to: one to four parts,
    /// each decimal, octal (`0177`) or hex (`0x7f`), the last filling the remaining bytes (`127.1`).
    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var values: [UInt32] = []
        for part in parts {
            guard let value = number(part) else { return nil }
            values.append(value)
        }
        guard values.dropLast().allSatisfy({ $0 <= 255 }) else { return nil }
        let lastBits = UInt32(8 * (5 - values.count))
        guard lastBits == 32 || values[values.count - 1] < (1 << lastBits) else { return nil }
        var address: UInt32 = 0
        for (index, value) in values.dropLast().enumerated() { address |= value << UInt32(24 - 8 * index) }
        return address | values[values.count - 1]
    }

    private static func number(_ part: Substring) -> UInt32? {
        let lowered = part.lowercased()
        if lowered.hasPrefix("0x") {
            let digits = lowered.dropFirst(2)
            guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else { return nil }
            return UInt32(digits, radix: 16)
        }
        guard !lowered.isEmpty, lowered.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return lowered.count > 1 && lowered.hasPrefix("0") ? UInt32(lowered.dropFirst(), radix: 8) : UInt32(lowered)
    }

    /// IPv6 as eight groups: `::` compression and a trailing dotted IPv4 are allowed.
    static func ipv6(_ text: String) -> [UInt16]? {
        guard text.contains(":"), text.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        guard let head = groups(halves[0], isLast: halves.count == 1) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1], isLast: true), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    /// IPv6 as one 128-bit number, first group in the top bits.
    static func ipv6Bits(_ text: String) -> UInt128? {
        ipv6(text).map(bits)
    }

    /// Eight groups as one 128-bit number, first group in the top bits.
    static func bits(_ groups: [UInt16]) -> UInt128 {
        groups.reduce(0) { $0 << 16 | UInt128($1) }
    }

    private static func groups(_ text: String, isLast: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        var result: [UInt16] = []
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if isLast, index == parts.count - 1, part.contains(".") {
                let octets = part.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
                guard octets.count == 4 else { return nil }
                result.append(UInt16(octets[0]) << 8 | UInt16(octets[1]))
                result.append(UInt16(octets[2]) << 8 | UInt16(octets[3]))
            } else {
                guard (1...4).contains(part.count), let group = UInt16(part, radix: 16) else { return nil }
                result.append(group)
            }
        }
        return result
    }
}
