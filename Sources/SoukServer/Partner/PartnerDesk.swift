import Foundation
import Logging
import SoukCore
import SoukStore

/// What providers may do to their own add-ons through the partner API: read them, change their config
/// (stored while provisioning, released into every attached app afterwards), and report that an
/// asynchronous provision or deprovision finished.
struct PartnerDesk: Sendable {
    let addons: AddonRepository

    /// One of the provider's add-ons, by uuid, on the partner routes of flavour `routes` (the `/addons/…`
    /// routes are Heroku's); anything outside the credentials' reach is not found.
    func record(
        _ raw: String, provider: ProviderIdentity, on routes: ManifestFlavour = .heroku, logger: Logger
    ) async throws -> AddonRecord {
        try Self.admit(provider, on: routes)
        guard let id = UUID(uuidString: raw),
            let record = try await addons.record(id, service: provider.serviceID, logger: logger),
            provider.mayAccess(addon: id, service: record.serviceID)
        else {
            throw SoukError.notFound("Couldn't find that add-on.")
        }
        return record
    }

    /// The caller, if its credentials are the kind the partner routes of flavour `routes` take, as Heroku
    /// and Scalingo themselves would: Heroku's routes take a Heroku service's Basic `slug:password` or the
    /// OAuth token of one of its add-ons; Scalingo's take a Scalingo service's Basic `username:password`
    /// only. Anything else is a 401, so that no credential reaches routes it was never issued for.
    @discardableResult
    static func admit(_ provider: ProviderIdentity?, on routes: ManifestFlavour) throws -> ProviderIdentity {
        guard let provider else {
            throw SoukError.unauthorized(
                "This endpoint is for add-on providers: authenticate with the manifest's credentials.")
        }
        switch routes {
        case .heroku where provider.flavour == .heroku:
            return provider
        case .scalingo where provider.flavour == .scalingo && provider.addonID == nil:
            return provider
        case .heroku:
            throw SoukError.unauthorized(
                "Invalid credentials provided: this partner API takes Basic slug:password or an add-on's OAuth token."
            )
        case .scalingo:
            throw SoukError.unauthorized(
                "Invalid credentials provided: this partner API takes the manifest's Basic username:password."
            )
        case .osb:
            throw SoukError.unauthorized("Service brokers have no partner API: Souk asks them for what it needs.")
        }
    }

    /// Applies `changes` (a `nil` value removes the var) to the add-on's config. Only declared names
    /// are accepted. While provisioning, Heroku-flavour config is only stored; a Scalingo provider's
    /// first change completes the provisioning (its protocol has no "done" call).
    func updateConfig(
        _ record: AddonRecord, changes: [String: String?], logger: Logger
    ) async throws -> AddonRecord {
        let undeclared = changes.keys.filter { !record.mapping.declared.contains($0) }.sorted()
        guard undeclared.isEmpty else {
            throw SoukError.invalidParams(
                "\(undeclared.map { String($0.prefix(64)) }.joined(separator: ", ")) not declared in the manifest."
            )
        }
        var config = record.providerConfig
        for (name, value) in changes { config[name] = value }
        switch record.addon.state {
        case .deprovisioned:
            throw SoukError.conflict("\(record.addon.name) is deprovisioned.")
        case .provisioning where record.flavour == .scalingo:
            return try await markProvisioned(record, config: config, logger: logger)
        case .provisioning:
            try await addons.storeProvisioningConfig(record.addon.id, config: config, logger: logger)
            var stored = record
            stored.providerConfig = config
            return stored
        case .provisioned:
            guard
                let updated = try await addons.applyConfig(
                    record.addon.id, config: config, plan: nil, job: nil, actor: nil, logger: logger
                )
            else {
                throw SoukError.conflict("\(record.addon.name) is deprovisioned.")
            }
            return updated
        }
    }

    func markProvisioned(
        _ record: AddonRecord, config: [String: String]? = nil, logger: Logger
    ) async throws -> AddonRecord {
        guard record.addon.state == .provisioning else {
            guard record.addon.state == .provisioned else {
                throw SoukError.conflict("\(record.addon.name) is deprovisioned.")
            }
            return record
        }
        let providerID = record.addon.providerID ?? record.addon.id.lowercasedString
        guard
            let done = try await addons.completeProvisioning(
                record.addon.id, providerID: providerID, message: record.addon.provisionMessage, config: config,
                job: nil,
                logger: logger
            )
        else {
            throw SoukError.conflict("\(record.addon.name) is no longer provisioning.")
        }
        return done
    }

    /// The provider removed the resource itself: the add-on leaves every app, with no call back.
    func markDeprovisioned(_ record: AddonRecord, logger: Logger) async throws -> AddonRecord {
        guard
            let (removed, _) = try await addons.remove(
                record.addon.id, actor: nil, notifyProvider: false, logger: logger)
        else {
            throw SoukError.notFound("Couldn't find that add-on.")
        }
        return removed
    }
}
