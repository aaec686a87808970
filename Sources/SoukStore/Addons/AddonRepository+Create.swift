import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

extension AddonRepository {
    /// Records a new add-on as `provisioning`, its billing attachment and its provision job (claimed by
    /// the caller, who calls the provider next), in one transaction that first checks the app's rules:
    /// one install per app unless the service allows many, a free attachment name, and no var of the
    /// app overwritten without confirmation.
    public func create(_ new: NewAddon, jobLease: Duration, logger: Logger) async throws -> (AddonRecord, Job) {
        do {
            return try await database.transaction(logger: logger) { connection in
                // The app row's lock orders this against config edits and other installs on the app.
                try await connection.query("SELECT id FROM apps WHERE id = \(new.app.id) FOR UPDATE", logger: logger)
                try await checkRules(for: new, on: connection, logger: logger)
                let sealedOptions = try secrets.sealAddonOptions(new.options, addonID: new.id)
                _ = try await connection.execute(
                    InsertAddonStatement(new: new, sealedOptions: sealedOptions), logger: logger)
                try await BillingLedger.open(new.id, at: clock.now(), on: connection, logger: logger)
                if let grant = new.grant {
                    try await OAuthRepository.issueGrant(
                        digest: grant.digest, addon: new.id, expiresAt: grant.expiresAt, on: connection, logger: logger)
                }
                let job = try await JobRepository.enqueue(
                    .provision, addonID: new.id, claimedFor: jobLease, on: connection, logger: logger
                )
                guard let record = try await lockedRecord(new.id, on: connection, logger: logger) else {
                    throw SoukError.notFound("Couldn't find that add-on.")
                }
                return (record, job)
            }
        } catch let error as PSQLError where error.isUniqueViolation(of: "addons_live_name_key") {
            throw SoukError.addonNameTaken(new.name)
        }
    }

    /// Every rule checked in one statement, refused in a fixed order.
    private func checkRules(for new: NewAddon, on connection: DatabaseConnection, logger: Logger) async throws {
        let exposed = Array(new.mapping.exposedNames(attachment: new.attachmentName))
        let rows = try await connection.execute(
            InstallRulesStatement(
                app: new.app.id, service: new.serviceID, attachmentName: new.attachmentName, exposed: exposed),
            logger: logger)
        for (installed, nameTaken, collisions) in rows {
            if installed, !new.supportsMultipleInstallations {
                throw SoukError.invalidParams(
                    "\(new.app.name) already has a \(new.serviceSlug) add-on,"
                        + " and \(new.serviceSlug) allows one per app."
                )
            }
            if nameTaken {
                throw SoukError.conflict(
                    "\(new.app.name) already has an attachment named \(new.attachmentName); choose another name."
                )
            }
            if !new.confirmed, !collisions.isEmpty {
                throw SoukError.confirmationRequired(
                    "This would overwrite \(collisions.joined(separator: ", ")) in \(new.app.name). "
                        + "To proceed, set confirm to \(new.app.name)."
                )
            }
        }
    }
}
