import Foundation
import Logging
import SoukCore
import SoukStore

/// A provider's plans, through `/provider/addon-services/{slug}/plans`. Bodies are read by the same
/// `PlanInput` rules as plans inside manifests.
struct PlanEditor: Sendable {
    let plans: PlanRepository

    func plans(of slug: String, provider: Account, logger: Logger) async throws -> [Plan] {
        guard let found = try await plans.plans(ofService: slug, viewer: provider, logger: logger) else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        return found
    }

    func create(_ body: JSONValue, serviceSlug: String, provider: Account, logger: Logger) async throws -> Plan {
        let (definition, errors) = PlanInput.definition(from: body)
        guard let definition else { throw SoukError.invalidParams(Self.describe(errors)) }
        guard
            let plan = try await plans.create(
                definition, serviceSlug: serviceSlug, provider: provider.id, logger: logger)
        else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        return plan
    }

    func update(
        _ planName: String, body: JSONValue, serviceSlug: String, provider: Account, logger: Logger
    ) async throws -> Plan {
        let (changes, errors) = PlanInput.changes(from: body)
        guard let changes else { throw SoukError.invalidParams(Self.describe(errors)) }
        guard
            let plan = try await plans.update(
                Self.slug(planName, of: serviceSlug), serviceSlug: serviceSlug, provider: provider.id, changes: changes,
                logger: logger
            )
        else {
            throw SoukError.notFound("Couldn't find that plan.")
        }
        return plan
    }

    func delete(_ planName: String, serviceSlug: String, provider: Account, logger: Logger) async throws -> Plan {
        guard
            let plan = try await plans.delete(
                Self.slug(planName, of: serviceSlug), serviceSlug: serviceSlug, provider: provider.id, logger: logger
            )
        else {
            throw SoukError.notFound("Couldn't find that plan.")
        }
        return plan
    }

    /// Plans are addressed as `basic` or `service:basic`.
    static func slug(_ plan: String, of service: String) -> String {
        plan.hasPrefix("\(service):") ? String(plan.dropFirst(service.count + 1)) : plan
    }

    static func describe(_ errors: [FieldError]) -> String {
        errors.map(\.description).joined(separator: "; ") + "."
    }
}
