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
        if object["price"] != nil {
            changes.priceCents = readPrice(object, into: &report)
            changes.priceUnit = "month"
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
        let cents = readPrice(object, into: &report)
        let isDefault = report.bool("default", in: object) ?? false
        guard let name, let cents else { return nil }
        return PlanDefinition(
            name: name, humanName: humanName ?? name, description: description ?? "", priceCents: cents,
            isDefault: isDefault
        )
    }

    /// `price: {cents, unit}`, optional: free by the month when absent.
    static func readPrice(_ plan: ManifestObject, into report: inout ManifestReport) -> Int? {
        guard plan["price"] != nil else { return 0 }
        guard let price = report.object("price", in: plan) else { return nil }
        if let unit = price["unit"], unit != .string("month") {
            report.fail(price.path("unit"), "must be \"month\"")
        }
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
