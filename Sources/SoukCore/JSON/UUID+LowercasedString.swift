import Foundation

extension UUID {
    /// The id as the Heroku wire format writes it, in lower case. Written digit by digit: `uuidString` goes
    /// through `sprintf`, and a page of a hundred add-ons writes six hundred ids.
    public var lowercasedString: String {
        String(unsafeUninitializedCapacity: 36) { text in
            writeLowercased(into: text)
            return 36
        }
    }

    /// Writes the 36 characters of `lowercasedString` into the start of `text`, which has room for them: JSON
    /// writes ids straight into its buffer, without a string of their own.
    func writeLowercased(into text: UnsafeMutableBufferPointer<UInt8>) {
        withUnsafeBytes(of: uuid) { bytes in
            var position = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                text[position] = Self.hexDigit(byte >> 4)
                text[position + 1] = Self.hexDigit(byte & 0x0F)
                position += 2
            }
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
