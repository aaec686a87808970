import Foundation
import Logging
import SoukCore
import SoukStore

/// An account's own keys as Heroku's OAuth authorizations: made with a description, listed, regenerated
/// and revoked by the account that holds them. A token is shown once, in the answer that made it.
extension AccountRegistry {
    /// Heroku's `expires_in` is seconds; a year is the longest a key made this way may live.
    static let longestExpiry = 31_536_000

    func authorizations(of account: Account, logger: Logger) async throws -> [Authorization] {
        try await authorizations.list(accountID: account.id, logger: logger)
    }

    func authorization(_ id: String, of account: Account, logger: Logger) async throws -> Authorization {
        guard let id = UUID(uuidString: id),
            let authorization = try await authorizations.authorization(id, accountID: account.id, logger: logger)
        else { throw Self.notFound }
        return authorization
    }

    func authorize(
        _ account: Account, description: String?, expiresIn: Int?, scope: [String]?, logger: Logger
    ) async throws -> Authorization {
        let description = (description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard description.count <= 200 else {
            throw SoukError.invalidParams("The description may be at most 200 characters.")
        }
        if let expiresIn, !(1...Self.longestExpiry).contains(expiresIn) {
            throw SoukError.invalidParams("expires_in must be between 1 and \(Self.longestExpiry) seconds.")
        }
        if let scope, scope.contains(where: { $0 != "global" }) {
            throw SoukError.invalidParams("Souk grants the global scope only: omit scope or pass [\"global\"].")
        }
        let token = APIKeyToken.generate()
        return try await authorizations.create(
            accountID: account.id, description: description, expiresIn: expiresIn,
            keyDigest: SecretHash.sha256(token), token: token, logger: logger
        )
    }

    func regenerate(_ id: String, of account: Account, logger: Logger) async throws -> Authorization {
        let token = APIKeyToken.generate()
        guard let id = UUID(uuidString: id),
            let (authorization, replaced) = try await authorizations.regenerate(
                id, accountID: account.id, keyDigest: SecretHash.sha256(token), token: token, logger: logger
            )
        else { throw Self.notFound }
        // Other processes hear of it on the channel; this one mustn't wait for that.
        cache.forget(digest: replaced)
        return authorization
    }

    func revoke(_ id: String, of account: Account, logger: Logger) async throws -> Authorization {
        guard let id = UUID(uuidString: id),
            let (authorization, revoked) = try await authorizations.revoke(id, accountID: account.id, logger: logger)
        else { throw Self.notFound }
        cache.forget(digest: revoked)
        return authorization
    }

    private static var notFound: SoukError { .notFound("Couldn't find that authorization.") }
}
