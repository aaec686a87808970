import Foundation
import Logging
import SoukCore
import SoukStore

/// Providers' add-on services: validating and keeping the manifests they push, and the admin's
/// moves of a service through `alpha → beta → ga → shutdown`.
struct ManifestRegistry: Sendable {
    let services: AddonServiceRepository
    let plans: PlanRepository
    let rules: ManifestRules

    /// Validates the manifest (every problem at once), then creates or updates the provider's service; a
    /// document equal to the current version leaves everything as it is (`changed` false, same version).
    func push(_ document: JSONValue, by provider: Account, logger: Logger) async throws
        -> (service: ProviderAddonService, created: Bool, changed: Bool)
    {
        let validation = ManifestValidator.validate(document, rules: rules)
        guard let manifest = validation.manifest else {
            throw SoukError.invalidManifest(validation.errors)
        }
        var (service, created, changed) = try await services.push(
            manifest, document: document, by: AccountReference(id: provider.id, email: provider.email), logger: logger
        )
        service.warnings = validation.warnings
        service.changed = changed
        logger.info(
            changed ? "Manifest pushed" : "Manifest pushed unchanged",
            metadata: ["slug": .string(manifest.slug), "version": .stringConvertible(service.manifestVersion)]
        )
        return (service, created, changed)
    }

    func services(of provider: Account, range: ListRange, logger: Logger) async throws
        -> Page<ProviderAddonService>
    {
        try await services.providerServices(provider: provider.id, range: range, logger: logger)
    }

    func service(_ slug: String, of provider: Account, logger: Logger) async throws -> ProviderAddonService {
        guard let service = try await services.providerService(slug: slug, provider: provider.id, logger: logger) else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        return service
    }

    func manifests(_ slug: String, of provider: Account, logger: Logger) async throws -> [ManifestVersion] {
        guard
            let versions = try await services.manifests(
                slug: slug, provider: provider.id, latestOnly: false, logger: logger)
        else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        return versions
    }

    func currentManifest(_ slug: String, of provider: Account, logger: Logger) async throws -> JSONValue {
        guard
            let versions = try await services.manifests(
                slug: slug, provider: provider.id, latestOnly: true, logger: logger),
            let current = versions.first
        else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        return current.manifest
    }

    /// Admins move services between states; a service goes public only with a plan to install.
    func setState(_ state: ServiceState, of slug: String, logger: Logger) async throws -> ProviderAddonService {
        guard let publicPlans = try await plans.publicPlanCount(serviceSlug: slug, logger: logger) else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        if state.isPublic, publicPlans == 0 {
            throw SoukError.invalidParams("\(slug) has no public plan; add one before making it \(state.rawValue).")
        }
        guard let service = try await services.setState(state, slug: slug, logger: logger) else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        return service
    }
}
