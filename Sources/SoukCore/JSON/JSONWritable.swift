import Foundation

/// A value that writes its own JSON, member for member and in the order its `encode(to:)` encodes them, without
/// going through `Encoder` containers: the rows of long listings, where the Codable machinery was a third of
/// the server's time. `StreamingJSONEncoder` uses it wherever such a value is encoded, alone or nested.
protocol JSONWritable {
    /// Throws `StreamingJSONEncoder.Unsupported` for what JSON can't hold; the caller then uses Foundation.
    func writeJSON(to writer: inout JSONByteWriter) throws
}

extension JSONByteWriter {
    /// `"…"`: the id in lower case, written in place (an id needs no escaping).
    mutating func id(_ value: UUID) {
        bytes.append(UInt8(ascii: "\""))
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 36))
        bytes.withUnsafeMutableBufferPointer { buffer in
            value.writeLowercased(into: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { append("null") }
    }

    mutating func timestamp(_ value: Date) throws {
        guard date(value) else { throw StreamingJSONEncoder.Unsupported() }
    }

    /// `{"id":…,"name":…}`.
    mutating func reference(_ value: NamedReference) {
        append("{\"id\":")
        id(value.id)
        append(",\"name\":")
        string(value.name)
        append(UInt8(ascii: "}"))
    }
}
