import Foundation

/// A single-use code with which a Heroku-flavour provider may fetch tokens for Souk's partner API.
public struct OAuthGrant: Sendable, Equatable {
    public var code: String
    public var expiresAt: Date

    public init(code: String, expiresAt: Date) {
        self.code = code
        self.expiresAt = expiresAt
    }
}
