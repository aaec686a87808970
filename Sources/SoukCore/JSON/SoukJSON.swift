import Foundation

/// The one JSON dialect of the platform, shared by the server and the CLI: ISO 8601 UTC timestamps
/// without fractions (`2026-11-23T07:00:00Z`). Keys are spelled out in each type's `CodingKeys`
/// rather than converted, because a key strategy would also rewrite config var names in dictionaries.
public enum SoukJSON {
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The JSON text of `value` in this dialect, written by `StreamingJSONEncoder` (several times faster, for
    /// responses), or by `makeEncoder()`'s encoder for what that one can't write. Object keys may come in
    /// another order than `makeEncoder()` writes them; a dictionary's are sorted by both.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let bytes = try StreamingJSONEncoder.encode(value) { return bytes }
        return Array(try makeEncoder().encode(value))
    }

    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
