import Foundation

/// The one value an encoder holds when it is not an object or an array.
struct StreamingSingleValueContainer: SingleValueEncodingContainer {
    let encoder: StreamingValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private var owner: StreamingJSONEncoder { encoder.owner }

    mutating func encodeNil() throws {
        encoder.claim()
        owner.encodeNil()
    }

    mutating func encode(_ value: Bool) throws {
        encoder.claim()
        try owner.encode(value, codingPath: codingPath)
    }

    mutating func encode(_ value: String) throws {
        encoder.claim()
        try owner.encode(value, codingPath: codingPath)
    }

    mutating func encode(_ value: Double) throws {
        encoder.claim()
        try owner.encode(value)
    }

    mutating func encode(_ value: Float) throws {
        throw StreamingJSONEncoder.Unsupported()
    }

    mutating func encode(_ value: Int) throws { integer(value) }
    mutating func encode(_ value: Int8) throws { integer(value) }
    mutating func encode(_ value: Int16) throws { integer(value) }
    mutating func encode(_ value: Int32) throws { integer(value) }
    mutating func encode(_ value: Int64) throws { integer(value) }
    mutating func encode(_ value: UInt) throws { integer(value) }
    mutating func encode(_ value: UInt8) throws { integer(value) }
    mutating func encode(_ value: UInt16) throws { integer(value) }
    mutating func encode(_ value: UInt32) throws { integer(value) }
    mutating func encode(_ value: UInt64) throws { integer(value) }

    private func integer(_ value: some BinaryInteger) {
        encoder.claim()
        owner.encode(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.claim()
        try owner.encode(value, codingPath: codingPath)
    }
}
