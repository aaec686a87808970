import Foundation
import Logging
import SoukCore
import SoukStore

/// Accounts and their API keys: creation hands out a key exactly once; authentication turns a key
/// back into its account by digest.
struct AccountRegistry: Sendable {
    let repository: AccountRepository
    let authorizations: AuthorizationRepository
    let cache: AuthenticationCache

    func create(
        email: String, role: AccountRole, passwordHash: String? = nil, logger: Logger
    ) async throws -> (Account, apiKey: String) {
        let email = try EmailAddress.validate(email)
        let key = APIKeyToken.generate()
        let account = try await repository.create(
            email: email, role: role, keyDigest: SecretHash.sha256(key), passwordHash: passwordHash, logger: logger
        )
        return (account, key)
    }

    func authenticate(apiKey: String, logger: Logger) async throws -> Account? {
        // Reject absurd inputs before hashing; real keys are 48 characters.
        guard (1...512).contains(apiKey.utf8.count) else { return nil }
        let digest = SecretHash.sha256(apiKey)
        if let account = cache.account(forDigest: digest) { return account }
        let generation = cache.generation
        guard let (account, expiresAt) = try await repository.account(keyDigest: digest, logger: logger) else {
            return nil
        }
        let expiresIn = expiresAt.map { Duration.milliseconds(Int64($0.timeIntervalSinceNow * 1000)) }
        cache.remember(account, forDigest: digest, keyExpiresIn: expiresIn, generation: generation)
        return account
    }

    /// Start-up: the configured admin key opens an admin account.
    func ensureAdmin(email: String, apiKey: String, logger: Logger) async throws {
        let email = try EmailAddress.validate(email)
        try await repository.ensureAdmin(email: email, keyDigest: SecretHash.sha256(apiKey), logger: logger)
    }
}
