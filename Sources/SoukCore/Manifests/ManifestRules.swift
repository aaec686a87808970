/// What the platform's configuration allows in manifests. Production URLs must be https and public,
/// except where `allowsInsecureURLs` (development and tests, whose providers run on loopback).
public struct ManifestRules: Sendable, Equatable {
    public var allowsInsecureURLs: Bool

    public init(allowsInsecureURLs: Bool = false) {
        self.allowsInsecureURLs = allowsInsecureURLs
    }
}
