import Foundation

/// An object's members, written as they come.
struct StreamingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let owner: StreamingJSONEncoder
    let frame: (index: Int, id: Int)
    let codingPath: [any CodingKey]

    private func member(_ key: Key) throws {
        try owner.beginElement(in: frame)
        owner.key(key)
    }

    mutating func encodeNil(forKey key: Key) throws {
        try member(key)
        owner.encodeNil()
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try member(key)
        try owner.encode(value, codingPath: codingPath)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        try member(key)
        try owner.encode(value, codingPath: codingPath)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        try member(key)
        try owner.encode(value)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        throw StreamingJSONEncoder.Unsupported()
    }

    mutating func encode(_ value: Int, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try integer(value, key) }

    private func integer(_ value: some BinaryInteger, _ key: Key) throws {
        try member(key)
        owner.encode(value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try member(key)
        try owner.encode(value, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        if (try? member(key)) == nil { owner.markUnsupported() }
        let nested = owner.open(UInt8(ascii: "{"), closing: UInt8(ascii: "}"))
        return KeyedEncodingContainer(
            StreamingKeyedContainer<NestedKey>(owner: owner, frame: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        if (try? member(key)) == nil { owner.markUnsupported() }
        let nested = owner.open(UInt8(ascii: "["), closing: UInt8(ascii: "]"))
        return StreamingUnkeyedContainer(owner: owner, frame: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        owner.markUnsupported()
        return StreamingValueEncoder(owner: owner, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        owner.markUnsupported()
        return StreamingValueEncoder(owner: owner, codingPath: codingPath)
    }
}
