import Foundation

/// An array's elements, written as they come.
struct StreamingUnkeyedContainer: UnkeyedEncodingContainer {
    let owner: StreamingJSONEncoder
    let frame: (index: Int, id: Int)
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(owner: StreamingJSONEncoder, frame: (index: Int, id: Int), codingPath: [any CodingKey]) {
        self.owner = owner
        self.frame = frame
        self.codingPath = codingPath
    }

    private mutating func element() throws {
        try owner.beginElement(in: frame)
        count += 1
    }

    mutating func encodeNil() throws {
        try element()
        owner.encodeNil()
    }

    mutating func encode(_ value: Bool) throws {
        try element()
        try owner.encode(value, codingPath: codingPath)
    }

    mutating func encode(_ value: String) throws {
        try element()
        try owner.encode(value, codingPath: codingPath)
    }

    mutating func encode(_ value: Double) throws {
        try element()
        try owner.encode(value)
    }

    mutating func encode(_ value: Float) throws {
        throw StreamingJSONEncoder.Unsupported()
    }

    mutating func encode(_ value: Int) throws { try integer(value) }
    mutating func encode(_ value: Int8) throws { try integer(value) }
    mutating func encode(_ value: Int16) throws { try integer(value) }
    mutating func encode(_ value: Int32) throws { try integer(value) }
    mutating func encode(_ value: Int64) throws { try integer(value) }
    mutating func encode(_ value: UInt) throws { try integer(value) }
    mutating func encode(_ value: UInt8) throws { try integer(value) }
    mutating func encode(_ value: UInt16) throws { try integer(value) }
    mutating func encode(_ value: UInt32) throws { try integer(value) }
    mutating func encode(_ value: UInt64) throws { try integer(value) }

    private mutating func integer(_ value: some BinaryInteger) throws {
        try element()
        owner.encode(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try element()
        try owner.encode(value, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        if (try? element()) == nil { owner.markUnsupported() }
        let nested = owner.open(UInt8(ascii: "{"), closing: UInt8(ascii: "}"))
        return KeyedEncodingContainer(
            StreamingKeyedContainer<NestedKey>(owner: owner, frame: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        if (try? element()) == nil { owner.markUnsupported() }
        let nested = owner.open(UInt8(ascii: "["), closing: UInt8(ascii: "]"))
        return StreamingUnkeyedContainer(owner: owner, frame: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        owner.markUnsupported()
        return StreamingValueEncoder(owner: owner, codingPath: codingPath)
    }
}
