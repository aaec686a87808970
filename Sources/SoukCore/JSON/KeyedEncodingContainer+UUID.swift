import Foundation

extension KeyedEncodingContainer {
    /// Heroku's wire format writes ids in lower case; Foundation writes UUIDs in upper case.
    public mutating func encode(_ id: UUID, forKey key: Key) throws {
        try encode(id.lowercasedString, forKey: key)
    }
}
