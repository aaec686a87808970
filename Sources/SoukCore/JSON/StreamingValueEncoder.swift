import Foundation

/// The `Encoder` a value of `StreamingJSONEncoder` encodes itself to: one per value, holding whether it has
/// written anything and the object it opened, so that asking twice for a keyed container adds to one object.
final class StreamingValueEncoder: Encoder {
    let owner: StreamingJSONEncoder
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private(set) var wrote = false
    private var object: (index: Int, id: Int)?

    init(owner: StreamingJSONEncoder, codingPath: [any CodingKey]) {
        self.owner = owner
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let frame: (index: Int, id: Int)
        if let object {
            frame = object
        } else {
            claim()
            frame = owner.open(UInt8(ascii: "{"), closing: UInt8(ascii: "}"))
            object = frame
        }
        return KeyedEncodingContainer(StreamingKeyedContainer<Key>(owner: owner, frame: frame, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        claim()
        let frame = owner.open(UInt8(ascii: "["), closing: UInt8(ascii: "]"))
        return StreamingUnkeyedContainer(owner: owner, frame: frame, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamingSingleValueContainer(encoder: self)
    }

    /// Marks the value as written; a second value for the same encoder is not something JSON can hold.
    func claim() {
        if wrote { owner.markUnsupported() }
        wrote = true
    }
}
