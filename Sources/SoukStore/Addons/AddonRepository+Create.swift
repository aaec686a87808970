import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

extension AddonRepository {
    /// Records a new add-on as `provisioning`, its billing attachment and its provision job (claimed by
    /// the caller, who calls the provider next), in one transaction that first checks the app's rules:
    /// one install per app unless the service allows many, a free attachment name, and no var of the
    /// app overwritten without confirmation. Two statements inside the transaction: the app's lock, then the
    /// rules and every insert in one (`InstallAddonStatement`).
    public func create(_ new: NewAddon, jobLease: Duration, logger: Logger) async throws -> (AddonRecord, Job) {
        do {
            return try await database.transaction(logger: logger) { connection in
                // The app row's lock orders this against config edits and other installs on the app; the rules
                // are read by the next statement, whose snapshot begins once the lock is held.
                _ = try await connection.execute(AppLockStatement(id: new.app.id), logger: logger)
                let job = Job(id: UUID(), work: .provision, addonID: new.id, attempts: 1)
                let statement = InstallAddonStatement(
                    new: new, sealedOptions: try secrets.sealAddonOptions(new.options, addonID: new.id),
                    startedAt: clock.now(), job: job, jobLease: jobLease)
                guard let row = try await connection.execute(statement, logger: logger).first else {
                    throw SoukError.notFound("Couldn't find that app.")
                }
                let rules = row.makeRandomAccess()
                try checkRules(for: new, row: rules)
                guard try rules["id"].decode(UUID?.self) != nil else {
                    throw SoukError.notFound("Couldn't find that add-on.")
                }
                return (try AddonRow.record(row, secrets: secrets, webURLBase: webURLBase), job)
            }
        } catch let error as PSQLError where error.isUniqueViolation(of: "addons_live_name_key") {
            throw SoukError.addonNameTaken(new.name)
        }
    }

    /// The rules `InstallAddonStatement` found, refused in a fixed order; it inserted nothing if one is.
    private func checkRules(for new: NewAddon, row: PostgresRandomAccessRow) throws {
        if try row["installed"].decode(Bool.self), !new.supportsMultipleInstallations {
            throw SoukError.invalidParams(
                "\(new.app.name) already has a \(new.serviceSlug) add-on,"
                    + " and \(new.serviceSlug) allows one per app."
            )
        }
        if try row["name_taken"].decode(Bool.self) {
            throw SoukError.conflict(
                "\(new.app.name) already has an attachment named \(new.attachmentName); choose another name."
            )
        }
        let collisions = try row["collisions"].decode([String].self)
        if !new.confirmed, !collisions.isEmpty {
            throw SoukError.confirmationRequired(
                "This would overwrite \(collisions.joined(separator: ", ")) in \(new.app.name). "
                    + "To proceed, set confirm to \(new.app.name)."
            )
        }
    }
}
