import Foundation
import Logging
import SoukCore
import SoukStore

/// Accounts and their API keys: creation hands out a key exactly once; authentication turns a key
/// back into its account by digest.
public struct AccountRegistry: Sendable {
    let repository: AccountRepository

    public init(repository: AccountRepository) {
        self.repository = repository
    }

    public func create(email: String, role: AccountRole, logger: Logger) async throws -> (Account, apiKey: String) {
        let email = try EmailAddress.validate(email)
        let key = APIKeyToken.generate()
        let account = try await repository.create(
            email: email, role: role, keyDigest: SecretHash.sha256(key), logger: logger
        )
        return (account, key)
    }

    public func authenticate(apiKey: String, logger: Logger) async throws -> Account? {
        // Reject absurd inputs before hashing; real keys are 48 characters.
        guard (1...512).contains(apiKey.utf8.count) else { return nil }
        return try await repository.account(keyDigest: SecretHash.sha256(apiKey), logger: logger)
    }

    /// Start-up: the configured admin key opens an admin account.
    public func ensureAdmin(email: String, apiKey: String, logger: Logger) async throws {
        let email = try EmailAddress.validate(email)
        try await repository.ensureAdmin(email: email, keyDigest: SecretHash.sha256(apiKey), logger: logger)
    }
}
