import Foundation
import SoukCore
import SoukProviders

extension OAuthGrant {
    /// A new single-use code, good for `lifetime`; only its digest is stored.
    static func issue(lifetime: Duration) -> OAuthGrant {
        OAuthGrant(code: APIKeyToken.generate(), expiresAt: Date.now.addingTimeInterval(lifetime.inSeconds))
    }
}
