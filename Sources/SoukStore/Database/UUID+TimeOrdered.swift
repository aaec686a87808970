import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562): the Unix time in milliseconds, then random bits. Rows keyed by it land at
    /// the right edge of their primary key's index, in the pages the last inserts touched, where random ids
    /// dirty a page anywhere in it each, and after each checkpoint write that whole page to the WAL again.
    static func timeOrdered(at date: Date) -> UUID {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var bytes = UUID().uuid
        withUnsafeMutableBytes(of: &bytes) { raw in
            for index in 0..<6 { raw[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
            raw[6] = 0x70 | (raw[6] & 0x0f)
            raw[8] = 0x80 | (raw[8] & 0x3f)
        }
        return UUID(uuid: bytes)
    }
}
