import Foundation
import Logging
import SoukCore
import SoukStore

/// Single sign-on to providers' dashboards (PROTOCOLS §6): tokens only for owners and collaborators of an app
/// the add-on is attached to, only once it is provisioned, stamped with the time of the request and recorded.
/// Tokens are never logged.
struct SingleSignOn: Sendable {
    let repository: SSORepository
    /// Unix seconds now; a parameter so that tests could pin it.
    let now: @Sendable () -> Int

    init(repository: SSORepository, now: @escaping @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }) {
        self.repository = repository
        self.now = now
    }

    /// The hand-off for `viewer` to the add-on's dashboard, opened from `contextApp` (default: the billing app),
    /// built but not issued: a HEAD answer may not send its tokens. 404 when the viewer may not see the add-on
    /// (or it isn't attached to `contextApp`), 409 while it isn't provisioned, 422 when its service has no
    /// `sso_url`.
    func prepare(
        _ addon: String, contextApp: String?, extras: [String: String], viewer: Account, logger: Logger
    ) async throws -> PreparedHandOff {
        guard
            let target = try await repository.target(
                addon, contextApp: contextApp.map(AppIdentifier.init), viewer: viewer.id, logger: logger
            )
        else {
            throw SoukError.notFound("Couldn't find that add-on.")
        }
        guard target.state == .provisioned, let providerID = target.providerID else {
            throw SoukError.conflict(
                "\(target.addonName) is \(target.state.rawValue); its dashboard opens once it is provisioned."
            )
        }
        guard let ssoURL = target.ssoURL, !ssoURL.isEmpty else {
            throw SoukError.invalidParams("\(target.serviceName) has no sso_url: it offers no single sign-on.")
        }
        let subject = SSOSubject(
            flavour: target.flavour, ssoURL: ssoURL, providerID: providerID, addonID: target.addonID,
            userID: viewer.id, email: viewer.email, app: target.billingAppName, contextApp: target.contextAppName,
            serviceSlug: target.serviceSlug, serviceName: target.serviceName, extras: extras
        )
        let handOff = SSOTokenBuilder(salt: target.salt, timestamp: now()).handOff(subject)
        return PreparedHandOff(handOff: handOff, target: target, viewer: viewer)
    }

    /// Records the hand-off as given to its viewer; returns once the record is durable, before its tokens
    /// leave Souk.
    func issue(_ prepared: PreparedHandOff, logger: Logger) async throws {
        let target = prepared.target
        try await repository.recordIssuance(
            addonID: target.addonID, accountID: prepared.viewer.id, contextAppID: target.contextAppID,
            method: prepared.handOff.method
        )
        logger.info(
            "Single sign-on issued",
            metadata: [
                "addon": .string(target.addonName), "context_app": .string(target.contextAppName),
                "method": .string(prepared.handOff.method.rawValue),
            ]
        )
    }
}
