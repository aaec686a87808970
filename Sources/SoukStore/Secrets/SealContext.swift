import Foundation
import SoukCore

/// The associated data each kind of secret is sealed under: it names the owning row, so a sealed value
/// copied onto another row fails to open instead of leaking there. The repositories that seal and open, and
/// `KeyRotation`, which re-seals, take them from here.
enum SealContext {
    static func configValue(appID: UUID, name: String) -> String { "config-var:\(appID.lowercasedString):\(name)" }
    static func releaseConfig(appID: UUID) -> String { "release-config:\(appID.lowercasedString)" }
    /// `kind` is `password` or `sso-salt`.
    static func providerSecret(serviceID: UUID, kind: String) -> String {
        "addon-service:\(serviceID.lowercasedString):\(kind)"
    }
    static func manifest(serviceID: UUID, version: Int) -> String {
        "addon-manifest:\(serviceID.lowercasedString):\(version)"
    }
    static func addonConfig(addonID: UUID) -> String { "addon-config:\(addonID.lowercasedString)" }
    static func addonOptions(addonID: UUID) -> String { "addon-options:\(addonID.lowercasedString)" }
    static func brokerPassword(brokerID: UUID) -> String { "broker:\(brokerID.lowercasedString):password" }
    /// A webhook's secret and its `Authorization` header.
    static func webhook(_ webhookID: UUID) -> String { "webhook:\(webhookID.lowercasedString)" }
}
