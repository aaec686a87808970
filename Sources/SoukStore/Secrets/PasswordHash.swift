import Crypto
import CryptoExtras
import Foundation
import SoukCore

/// Dashboard passwords, stored as scrypt hashes: `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (base64url). The
/// parameters travel with the hash, so raising them later leaves older hashes verifiable.
///
/// N = 2^15, r = 8, p = 3 is one of OWASP's equal-cost scrypt settings, the one with the least memory: 32 MiB
/// and about 0.4 s of one core per check (OpenSSL's scrypt, same parameters, on the 2-core machine Souk is
/// built on), so guessing offline is slow and a burst of sign-ins can't exhaust the server's memory.
public struct PasswordHash: Sendable {
    public static let minimumLength = 10
    /// Longer inputs are refused before hashing: scrypt's cost doesn't depend on them, but nobody types them.
    public static let maximumLength = 1024

    let logRounds: Int
    let blockSize: Int
    let parallelism: Int

    public init(logRounds: Int = 15, blockSize: Int = 8, parallelism: Int = 3) {
        self.logRounds = logRounds
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// A new password's hash, or a clear error when it is too short or too long.
    public func hash(_ password: String) throws -> String {
        try Self.validate(password)
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let derived = try Self.derive(
            password, salt: salt, logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        return [
            "scrypt", String(logRounds), String(blockSize), String(parallelism),
            salt.base64URLEncodedString(), derived.base64URLEncodedString(),
        ].joined(separator: "$")
    }

    /// Whether the password matches the stored hash, compared in constant time. A malformed hash matches nothing.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", password.utf8.count <= maximumLength,
            let logRounds = Int(parts[1]), (10...20).contains(logRounds),
            let blockSize = Int(parts[2]), (1...32).contains(blockSize),
            let parallelism = Int(parts[3]), (1...16).contains(parallelism),
            let salt = Data(base64URLEncoded: parts[4]),
            let expected = Data(base64URLEncoded: parts[5]), expected.count == 32,
            let derived = try? derive(
                password, salt: salt, logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        else { return false }
        return SecretHash.constantTimeEquals(Array(derived), Array(expected))
    }

    public static func validate(_ password: String) throws {
        guard password.count >= minimumLength else {
            throw SoukError.invalidParams("The password must be at least \(minimumLength) characters long.")
        }
        guard password.utf8.count <= maximumLength else {
            throw SoukError.invalidParams("The password must be at most \(maximumLength) bytes long.")
        }
    }

    private static func derive(
        _ password: String, salt: Data, logRounds: Int, blockSize: Int, parallelism: Int
    ) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: 1 << logRounds,
            blockSize: blockSize, parallelism: parallelism)
        return key.withUnsafeBytes { Data($0) }
    }
}
