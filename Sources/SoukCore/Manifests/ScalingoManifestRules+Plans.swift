/// Scalingo plans: `{name, display_name, price (euros per 30 days), description, options?}`; the first is the
/// default. A metered plan adds `"metered": true, "unit": "request"`, its price in euros per unit.
extension ScalingoManifestRules {
    /// A million euros: beyond any real plan, well within `Int` once in cents.
    static let maximumPrice = 1_000_000.0

    static func readPlans(_ root: ManifestObject, into report: inout ManifestReport) -> [PlanDefinition]? {
        guard
            let objects = report.objects(
                "plans", in: root, required: true, nonEmpty: true, maximumCount: ManifestChecks.maximumPlans)
        else { return nil }
        var names: Set<String> = []
        var plans: [PlanDefinition] = []
        for object in objects {
            let name = report.planName("name", in: object, seen: &names)
            let displayName = report.string("display_name", in: object)
            let cents = readPrice(object, into: &report)
            let description = report.string(
                "description", in: object, required: false, maximumLength: ManifestChecks.maximumDescriptionLength)
            let options = readOptions(object, into: &report)
            let metered = report.bool("metered", in: object) ?? false
            let unit = PlanInput.readUnit(object, metered: metered, into: &report)
            guard let name, let displayName, let cents, let options, let unit else { continue }
            plans.append(
                PlanDefinition(
                    name: name, humanName: displayName, description: description ?? "", priceCents: cents,
                    priceUnit: unit, metered: metered, isDefault: plans.isEmpty, options: options
                )
            )
        }
        return plans
    }

    /// Euros per 30 days, kept as cents by the month.
    static func readPrice(_ plan: ManifestObject, into report: inout ManifestReport) -> Int? {
        guard let price = report.number("price", in: plan) else { return nil }
        guard price >= 0 else {
            report.fail(plan.path("price"), "must be greater than or equal to 0")
            return nil
        }
        guard price <= maximumPrice else {
            report.fail(plan.path("price"), "must be less than or equal to \(Int(maximumPrice))")
            return nil
        }
        return Int((price * 100).rounded())
    }

    /// Options Souk sends to the provider at provisioning: at most 50, string values.
    static func readOptions(_ plan: ManifestObject, into report: inout ManifestReport) -> [String: String]? {
        guard let object = report.object("options", in: plan, required: false) else {
            return plan["options"] == nil ? [:] : nil
        }
        guard object.fields.count <= ManifestChecks.maximumPlanOptions else {
            report.fail(object.path, "has too many entries (maximum is \(ManifestChecks.maximumPlanOptions))")
            return nil
        }
        var options: [String: String] = [:]
        for key in object.fields.keys.sorted() {
            if key.count > ManifestChecks.maximumStringLength {
                report.fail(object.path, "has a key longer than \(ManifestChecks.maximumStringLength) characters")
            } else if let value = object[key].flatMap({ report.string($0, at: object.path(key), required: false) }) {
                options[key] = value
            } else if object[key] == nil {
                report.fail(object.path(key), "must be a string")
            }
        }
        return options
    }
}
