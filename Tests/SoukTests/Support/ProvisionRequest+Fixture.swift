import Foundation
import Logging
import SoukProviders

extension ProvisionRequest {
    static let grantExpiry = Date(timeIntervalSince1970: 1_795_000_000)

    /// A request as the provisioner sends it, with every optional field set.
    static func fixture(uuid: UUID = UUID(), options: [String: String] = ["size": "small"]) -> ProvisionRequest {
        let id = uuid.uuidString.lowercased()
        return ProvisionRequest(
            uuid: uuid,
            name: "fake-brave-1234",
            plan: "basic",
            region: "amazon-web-services::us-east-1",
            options: options,
            callbackURL: "https://souk.test/addons/\(id)",
            herokuID: "\(id)@souk.test",
            oauthGrant: OAuthGrant(code: "grant-code-1234", expiresAt: grantExpiry),
            logInputURL: "https://logs.souk.test/input/\(id)",
            logDrainToken: "d.\(id)"
        )
    }
}

extension Logger {
    static let quiet = Logger(label: "providers") { _ in SwiftLogNoOpLogHandler() }
}
