import Foundation
import HTTPTypes

extension API {
    /// Whether this process refuses `key` within `limit`: a key revoked on another process may be served
    /// from this one's authentication cache until its next poll of the revocation log.
    func refuses(key: String, within limit: Duration = .seconds(1)) async throws -> Bool {
        let start = ContinuousClock.now
        while true {
            if try await call(.get, "/account", key: key).status == .unauthorized { return true }
            if ContinuousClock.now - start >= limit { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
