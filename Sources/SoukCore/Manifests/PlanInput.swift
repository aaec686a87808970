/// Plans as providers write them, in the Platform API's shape (`name`, `human_name`, `description`,
/// `price {cents, unit}`, `default`, and for changes `state`). One reader for the `plans` of Heroku
/// manifests and for the provider plans endpoints, so both apply the same rules.
public enum PlanInput {
    /// The fields a PATCH may change; absent ones stay `nil`.
    public struct Changes: Sendable, Equatable {
        public var humanName: String?
        public var description: String?
        public var priceCents: Int?
        public var priceUnit: String?
        public var metered: Bool?
        public var isDefault: Bool?
        public var state: Plan.State?
    }

    /// A new plan from a request body, or every problem with it.
    public static func definition(from body: JSONValue) -> (definition: PlanDefinition?, errors: [FieldError]) {
        guard let fields = body.objectValue else {
            return (nil, [FieldError(field: "", message: "must be a JSON object")])
        }
        var report = ManifestReport()
        var seen: Set<String> = []
        let definition = read(ManifestObject(fields, path: ""), seen: &seen, into: &report)
        return (report.errors.isEmpty ? definition : nil, report.errors)
    }

    /// A change to a plan from a request body, or every problem with it.
    public static func changes(from body: JSONValue) -> (changes: Changes?, errors: [FieldError]) {
        guard let fields = body.objectValue else {
            return (nil, [FieldError(field: "", message: "must be a JSON object")])
        }
        let object = ManifestObject(fields, path: "")
        var report = ManifestReport()
        var changes = Changes()
        changes.humanName = report.string("human_name", in: object, required: object["human_name"] != nil)
        changes.description = report.string(
            "description", in: object, required: false, maximumLength: ManifestChecks.maximumDescriptionLength
        )
        if object["price"] != nil, let price = readPrice(object, into: &report) {
            changes.priceCents = price.cents
            changes.priceUnit = price.unit
            changes.metered = price.metered
        }
        changes.isDefault = report.bool("default", in: object)
        if let state = report.string("state", in: object, required: false) {
            changes.state = Plan.State(rawValue: state)
            if changes.state == nil { report.fail("state", "must be \"public\" or \"deprecated\"") }
        }
        return (report.errors.isEmpty ? changes : nil, report.errors)
    }

    /// One plan object; `seen` catches names used twice in one manifest.
    static func read(_ object: ManifestObject, seen: inout Set<String>, into report: inout ManifestReport)
        -> PlanDefinition?
    {
        let name = report.planName("name", in: object, seen: &seen)
        // present means meant: a blank human_name is an error, not the default
        let humanName = report.string("human_name", in: object, required: object["human_name"] != nil)
        let description = report.string(
            "description", in: object, required: false, maximumLength: ManifestChecks.maximumDescriptionLength
        )
        let price = readPrice(object, into: &report)
        let isDefault = report.bool("default", in: object) ?? false
        guard let name, let price else { return nil }
        return PlanDefinition(
            name: name, humanName: humanName ?? name, description: description ?? "", priceCents: price.cents,
            priceUnit: price.unit, metered: price.metered, isDefault: isDefault
        )
    }

    /// `price: {cents, unit, metered?}`, optional: free by the month when absent. A metered price is `cents` per
    /// `unit` used (`{"cents": 5, "unit": "request", "metered": true}`); any other is by the month.
    static func readPrice(_ plan: ManifestObject, into report: inout ManifestReport) -> (
        cents: Int, unit: String, metered: Bool
    )? {
        guard plan["price"] != nil else { return (0, "month", false) }
        guard let price = report.object("price", in: plan) else { return nil }
        let metered = report.bool("metered", in: price) ?? false
        let unit = readUnit(price, metered: metered, into: &report)
        guard let cents = readCents(price, into: &report), let unit else { return nil }
        return (cents, unit, metered)
    }

    /// `month` for a monthly price; a metered price names what it counts.
    static func readUnit(_ price: ManifestObject, metered: Bool, into report: inout ManifestReport) -> String? {
        guard metered else {
            if let unit = price["unit"], unit != .string("month") {
                report.fail(price.path("unit"), "must be \"month\"")
                return nil
            }
            return "month"
        }
        guard let unit = report.string("unit", in: price) else { return nil }
        guard MeteredUnit.isValid(unit) else {
            report.fail(price.path("unit"), MeteredUnit.rule)
            return nil
        }
        return unit
    }

    /// Whole cents, from 0 to the maximum price.
    static func readCents(_ price: ManifestObject, into report: inout ManifestReport) -> Int? {
        guard let cents = report.number("cents", in: price) else { return nil }
        let maximum = ManifestChecks.maximumPriceCents
        if cents < 0 {
            report.fail(price.path("cents"), "must be greater than or equal to 0")
        } else if cents > Double(maximum) {
            report.fail(price.path("cents"), "must be less than or equal to \(maximum)")
        } else if let whole = Int(exactly: cents) {
            return whole
        } else {
            report.fail(price.path("cents"), "must be a whole number of cents")
        }
        return nil
    }
}
