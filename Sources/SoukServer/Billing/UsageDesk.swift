import Foundation
import Logging
import SoukCore
import SoukStore

/// Metered usage from providers: `POST /provider/addon-services/{slug}/usage-batches`, Heroku's shape, one
/// hour per batch. The batch as a whole is refused (422) when it is malformed or its hour is not the current
/// or the previous one; otherwise each usage is accepted or refused on its own.
struct UsageDesk: Sendable {
    let billing: BillingRepository
    let clock: any SoukClock

    static let maximumUsages = 1000

    /// One usage's answer, in the order the batch gave them.
    struct Outcome: Encodable, Sendable {
        var resource: [String: String]
        var unit: [String: String]
        var quantity: Int64?
        var state: String
        var message: String?
    }

    struct Answer: Encodable, Sendable {
        var timestamp: Date
        var usages: [Outcome]
    }

    func report(_ body: JSONValue, slug: String, provider: ProviderIdentity, logger: Logger) async throws -> Answer {
        guard provider.slug == slug, provider.addonID == nil else {
            throw SoukError.forbidden("Report usage with the credentials of \(slug)'s manifest.")
        }
        guard case .object(let batch) = body else { throw SoukError.invalidParams("The batch must be a JSON object.") }
        let hour = try Self.hour(batch["timestamp"], now: clock.now())
        guard case .array(let entries)? = batch["usages"], !entries.isEmpty, entries.count <= Self.maximumUsages
        else {
            throw SoukError.invalidParams("usages must be an array of 1 to \(Self.maximumUsages) usages.")
        }
        var outcomes: [Outcome] = []
        var reports: [(index: Int, report: UsageReport)] = []
        for entry in entries {
            let id = entry["resource"]?["id"]?.stringValue
            let unit = entry["unit"]?["name"]?.stringValue
            var outcome = Outcome(
                resource: ["id": String((id ?? "").prefix(64))], unit: ["name": String((unit ?? "").prefix(64))],
                quantity: nil, state: "refused")
            switch Self.read(entry) {
            case .success(let report):
                outcome.quantity = report.quantity
                reports.append((outcomes.count, report))
            case .failure(let problem):
                outcome.message = problem.message
            }
            outcomes.append(outcome)
        }
        let answers = try await billing.record(
            reports.map(\.report), hour: hour, service: provider.serviceID, logger: logger)
        for (entry, refusal) in zip(reports, answers) {
            outcomes[entry.index].state = refusal == nil ? "accepted" : "refused"
            outcomes[entry.index].message = refusal
        }
        logger.info(
            "Usage reported",
            metadata: [
                "service": .string(slug), "accepted": .stringConvertible(answers.filter { $0 == nil }.count),
                "refused": .stringConvertible(outcomes.count - answers.filter { $0 == nil }.count),
            ])
        return Answer(timestamp: hour, usages: outcomes)
    }

    /// The batch's hour: exactly the start of the current UTC hour or of the previous one.
    static func hour(_ value: JSONValue?, now: Date) throws -> Date {
        let current = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        guard let text = value?.stringValue, let hour = try? Date(text, strategy: .iso8601) else {
            throw SoukError.invalidParams("timestamp must be an ISO 8601 time, the start of an hour (UTC).")
        }
        guard hour == current || hour == current.addingTimeInterval(-3600) else {
            throw SoukError.invalidParams(
                "timestamp must be the start of the current or the previous hour (UTC): "
                    + "\(current.formatted(.iso8601)) or \(current.addingTimeInterval(-3600).formatted(.iso8601)).")
        }
        return hour
    }

    struct Problem: Error {
        var message: String
    }

    /// One usage's fields, or why they can't be counted.
    static func read(_ entry: JSONValue) -> Result<UsageReport, Problem> {
        guard let id = entry["resource"]?["id"]?.stringValue.flatMap(UUID.init(uuidString:)) else {
            return .failure(Problem(message: "resource.id must be an add-on's id."))
        }
        guard let unit = entry["unit"]?["name"]?.stringValue, MeteredUnit.isValid(unit) else {
            return .failure(Problem(message: "unit.name \(MeteredUnit.rule)."))
        }
        guard case .number(let quantity)? = entry["quantity"], quantity >= 0, quantity <= 1e12,
            quantity.rounded() == quantity
        else {
            return .failure(Problem(message: "quantity must be a whole number from 0 to 10^12."))
        }
        return .success(UsageReport(addonID: id, unit: unit, quantity: Int64(quantity)))
    }
}
