import Foundation
import Logging
import SoukCore
import SoukStore

/// Providers authenticate to the partner API with Basic `slug:password` (Scalingo: `username:password`)
/// or with a Bearer token from `POST /oauth/token`.
struct ProviderAuthenticator: Sendable {
    let credentials: ProviderCredentialRepository

    func authenticate(_ header: String, logger: Logger) async throws -> ProviderIdentity? {
        if let (user, password) = AuthMiddleware.basicCredentials(fromAuthorization: header) {
            // Customers send their email (or nothing) as the Basic user; providers never contain an '@'.
            guard !user.isEmpty, !user.contains("@"), !password.isEmpty, user.utf8.count <= 255,
                password.utf8.count <= 1024
            else { return nil }
            return try await credentials.identity(username: user, password: password, logger: logger)
        }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].lowercased() == "bearer", (1...512).contains(parts[1].utf8.count) else {
            return nil
        }
        return try await credentials.identity(accessTokenDigest: SecretHash.sha256(parts[1]), logger: logger)
    }
}
