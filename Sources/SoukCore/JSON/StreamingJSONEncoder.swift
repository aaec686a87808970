import Foundation

/// Writes an `Encodable` value straight into JSON bytes, in the dialect of `SoukJSON.makeEncoder()`, without the
/// tree of boxed values and keyed dictionaries Foundation's encoder builds first: on a listing of a hundred
/// add-ons that tree was most of the server's time. Object keys come in the order the type encodes them, except
/// a dictionary's, which are sorted (as `.sortedKeys` sorts them) so that its output stays the same every time.
///
/// Coding paths stop at the container a value is written into: building one per member was a tenth of the
/// work, and only errors read them. Containers are closed when the value that opened them is done. What that can't express (a container used
/// after its parent went on, `superEncoder`, a `Decimal`, a number JSON can't hold) makes `encode` return nil,
/// and the caller uses Foundation's encoder instead.
final class StreamingJSONEncoder {
    private(set) var writer: JSONByteWriter
    /// The open objects and arrays, innermost last.
    private var frames: [Frame] = []
    private var nextFrameID = 0
    /// Set when a non-throwing `Encoder` method met something this encoder can't write.
    private var unsupported = false

    private struct Frame {
        var id: Int
        var closing: UInt8
        var hasElements = false
    }

    struct Unsupported: Error {}

    private init(capacity: Int) {
        writer = JSONByteWriter(capacity: capacity)
    }

    /// The JSON text of `value`, or nil when only Foundation's encoder can write it.
    static func encode<T: Encodable>(_ value: T, capacity: Int = 1024) throws -> [UInt8]? {
        let encoder = StreamingJSONEncoder(capacity: capacity)
        do {
            try encoder.encode(value, codingPath: [])
        } catch is Unsupported {
            return nil
        }
        return encoder.unsupported ? nil : encoder.writer.bytes
    }

    // MARK: Values

    func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if T.self == String.self {
            writer.string(unsafeBitCast(value, to: String.self))
        } else if T.self == Int.self {
            writer.integer(unsafeBitCast(value, to: Int.self))
        } else if T.self == Bool.self {
            writer.append(unsafeBitCast(value, to: Bool.self) ? "true" : "false")
        } else if T.self == Date.self {
            try writer.timestamp(unsafeBitCast(value, to: Date.self))
        } else if T.self == Double.self {
            guard writer.number(unsafeBitCast(value, to: Double.self)) else { throw Unsupported() }
        } else if T.self == URL.self {
            writer.string((value as! URL).absoluteString)
        } else if T.self == Data.self {
            writer.string((value as! Data).base64EncodedString())
        } else if T.self == Decimal.self || T.self == Float.self {
            throw Unsupported()
        } else if let row = value as? any JSONWritable {
            try row.writeJSON(to: &writer)
        } else if let object = value as? any SortedJSONObject {
            try object.encodeSorted(to: self, codingPath: codingPath)
        } else {
            let depth = frames.count
            let encoder = StreamingValueEncoder(owner: self, codingPath: codingPath)
            try value.encode(to: encoder)
            if !encoder.wrote { writer.append("{}") }  // as Foundation writes a value that encodes nothing
            close(downTo: depth)
        }
    }

    func encodeNil() {
        writer.append("null")
    }

    func encode(_ value: Double) throws {
        guard writer.number(value) else { throw Unsupported() }
    }

    func encode(_ value: some BinaryInteger) {
        writer.integer(value)
    }

    // MARK: Containers

    /// Opens an object or an array and returns where it sits, for its container.
    func open(_ opening: UInt8, closing: UInt8) -> (index: Int, id: Int) {
        writer.append(opening)
        nextFrameID += 1
        frames.append(Frame(id: nextFrameID, closing: closing))
        return (frames.count - 1, nextFrameID)
    }

    /// Readies the frame at `index` for its next element: closes what was opened inside it and writes the comma.
    /// Throws when that frame is already closed (its container outlived its value).
    func beginElement(in frame: (index: Int, id: Int)) throws {
        guard frame.index < frames.count, frames[frame.index].id == frame.id else { throw Unsupported() }
        close(downTo: frame.index + 1)
        if frames[frame.index].hasElements { writer.append(UInt8(ascii: ",")) }
        frames[frame.index].hasElements = true
    }

    func key(_ key: any CodingKey) {
        writer.string(key.stringValue)
        writer.append(UInt8(ascii: ":"))
    }

    func markUnsupported() {
        unsupported = true
    }

    private func close(downTo depth: Int) {
        while frames.count > depth {
            writer.append(frames.removeLast().closing)
        }
    }

    /// Writes a string-keyed dictionary as an object, keys sorted.
    func encodeObject<Value: Encodable>(_ object: [String: Value], codingPath: [any CodingKey]) throws {
        let frame = open(UInt8(ascii: "{"), closing: UInt8(ascii: "}"))
        for key in object.keys.sorted() {
            try beginElement(in: frame)
            writer.string(key)
            writer.append(UInt8(ascii: ":"))
            try encode(object[key]!, codingPath: codingPath)
        }
        close(downTo: frame.index)
    }
}

/// A dictionary the streaming encoder writes with its keys sorted.
protocol SortedJSONObject {
    func encodeSorted(to encoder: StreamingJSONEncoder, codingPath: [any CodingKey]) throws
}

extension Dictionary: SortedJSONObject where Key == String, Value: Encodable {
    func encodeSorted(to encoder: StreamingJSONEncoder, codingPath: [any CodingKey]) throws {
        try encoder.encodeObject(self, codingPath: codingPath)
    }
}
