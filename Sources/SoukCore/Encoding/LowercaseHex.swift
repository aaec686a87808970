extension Collection<UInt8> {
    /// The bytes as lower-case hex, written straight into the string: a string per byte, joined, cost a tenth of
    /// a single sign-on hand-off (`SSOTokenBuilder`).
    public var lowercaseHex: String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: count * 2) { text in
            digits.withUTF8Buffer { digits in
                for (index, byte) in enumerated() {
                    text[2 * index] = digits[Int(byte >> 4)]
                    text[2 * index + 1] = digits[Int(byte & 0x0f)]
                }
            }
            return count * 2
        }
    }
}
