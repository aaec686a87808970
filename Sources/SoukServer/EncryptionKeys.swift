import Configuration
import Foundation
import SoukStore

/// The keys that seal secrets at rest: `SOUK_ENCRYPTION_KEY` seals, and the keys listed (comma-separated) in
/// `SOUK_PREVIOUS_ENCRYPTION_KEYS` still open what they sealed until `souk rotate-key` has re-sealed it.
public struct EncryptionKeys: Sendable {
    public let current: String
    public let previous: [String]

    public init(reader: ConfigReader) throws {
        guard let current = reader.string(forKey: "souk.encryptionKey", isSecret: true), !current.isEmpty else {
            throw SettingsError.missing("SOUK_ENCRYPTION_KEY", "32 random bytes in base64, to encrypt secrets at rest")
        }
        self.current = current
        previous = reader.commaSeparated(forKey: "souk.previousEncryptionKeys", isSecret: true)
    }

    public func secretBox() throws -> SecretBox {
        do {
            return try SecretBox(encodedKey: current, previous: previous)
        } catch {
            throw SettingsError.invalid(
                "SOUK_ENCRYPTION_KEY", "32 bytes as base64 or 64 hex digits, as is each previous key (\(error))")
        }
    }
}
