import Foundation
import Logging
import SoukCore
import SoukStore

/// Accounts and their API keys: creation hands out a key exactly once; authentication turns a key
/// back into its account by digest.
public struct AccountRegistry: Sendable {
    let repository: AccountRepository
    let cache: AuthenticationCache

    public init(repository: AccountRepository, cache: AuthenticationCache) {
        self.repository = repository
        self.cache = cache
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
        let digest = SecretHash.sha256(apiKey)
        if let account = cache.account(forDigest: digest) { return account }
        guard let account = try await repository.account(keyDigest: digest, logger: logger) else { return nil }
        cache.remember(account, forDigest: digest)
        return account
    }

    /// Start-up: the configured admin key opens an admin account.
    public func ensureAdmin(email: String, apiKey: String, logger: Logger) async throws {
        let email = try EmailAddress.validate(email)
        try await repository.ensureAdmin(email: email, keyDigest: SecretHash.sha256(apiKey), logger: logger)
    }
}
