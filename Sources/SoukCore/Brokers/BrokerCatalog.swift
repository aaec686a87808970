import Foundation

/// A broker's `GET /v2/catalog`, read into one add-on service per catalog service (PROTOCOLS §7). The one reader
/// for registration and refresh: it reports every problem at once, each against its path (`services[1].plans[0].id`).
public struct BrokerCatalog: Sendable, Equatable {
    /// A catalog service and the add-on service Souk keeps for it.
    public struct Service: Sendable, Equatable {
        /// The broker's id for the service, immutable: what Souk sends as `service_id` and matches on refresh.
        public var brokerServiceID: String
        public var bindable: Bool
        public var planUpdateable: Bool
        /// How long, in seconds, an asynchronous operation may be polled before Souk gives up on it.
        public var maximumPollingDuration: Int?
        /// The dashboard's OAuth client (`id`, `redirect_uri`) as compact JSON. Its secret is not kept: Souk is
        /// not the OAuth server it would serve.
        public var dashboardClient: String?
        /// The manifest Souk keeps for it: flavour `osb`, the broker's URL and credentials, its plans with their
        /// broker ids.
        public var manifest: AddonManifest
        /// The service's entry in the catalog, kept as the manifest version Souk records.
        public var document: JSONValue
    }

    public var services: [Service]

    /// Services and plans a catalog may hold; more is refused rather than half read.
    public static let maximumServices = 100
    public static let maximumPlans = 100

    public struct Broker: Sendable, Equatable {
        public var url: String
        public var username: String
        public var password: String

        public init(url: String, username: String, password: String) {
            self.url = url
            self.username = username
            self.password = password
        }
    }

    /// The catalog, or every problem found in it.
    public static func read(_ document: JSONValue, broker: Broker) -> (catalog: BrokerCatalog?, errors: [FieldError]) {
        var report = ManifestReport()
        guard let fields = document.objectValue else {
            return (nil, [FieldError(field: "", message: "must be a JSON object with a services array")])
        }
        let root = ManifestObject(fields, path: "")
        let entries =
            report.objects("services", in: root, required: true, nonEmpty: true, maximumCount: maximumServices) ?? []
        var services: [Service] = []
        var serviceIDs: Set<String> = []
        var slugs: Set<String> = []
        for entry in entries {
            // Duplicates are found among the services that are wrong otherwise too.
            if let id = entry["id"]?.stringValue, !serviceIDs.insert(id).inserted {
                report.fail(entry.path("id"), "is used by another service of the catalog")
            }
            if let name = entry["name"]?.stringValue,
                !slugs.insert(ManifestChecks.derivedSlug(fromName: name)).inserted
            {
                report.fail(entry.path("name"), "names the same add-on service as another service of the catalog")
            }
            if let service = readService(entry, broker: broker, into: &report) { services.append(service) }
        }
        guard report.errors.isEmpty else { return (nil, report.errors) }
        return (BrokerCatalog(services: services), [])
    }

    private static func readService(_ object: ManifestObject, broker: Broker, into report: inout ManifestReport)
        -> Service?
    {
        let id = report.string("id", in: object)
        let name = report.string("name", in: object)
        let description = report.string("description", in: object, required: false)
        let bindable = report.bool("bindable", in: object)
        if object["bindable"] == nil { report.fail(object.path("bindable"), "can't be blank") }
        let planUpdateable = report.bool("plan_updateable", in: object) ?? false
        var maximumPollingDuration: Int?
        if let limit = object["maximum_polling_duration"], limit != .null {
            // At most a year: longer is no limit at all, and the figure must fit any clock arithmetic.
            if case .number(let seconds) = limit, seconds >= 1, seconds <= 31_536_000, seconds.rounded() == seconds {
                maximumPollingDuration = Int(seconds)
            } else {
                report.fail(object.path("maximum_polling_duration"), "must be a whole number of seconds, 1 or more")
            }
        }
        let dashboardClient = readDashboardClient(object, into: &report)
        let metadata = report.object("metadata", in: object, required: false)
        let displayName = metadata.flatMap { report.string("displayName", in: $0, required: false) }
        let plans = report.objects("plans", in: object, required: true, nonEmpty: true, maximumCount: maximumPlans)
        var definitions: [PlanDefinition] = []
        var planIDs: Set<String> = []
        var planSlugs: Set<String> = []
        for plan in plans ?? [] {
            if let id = plan["id"]?.stringValue, !planIDs.insert(id).inserted {
                report.fail(plan.path("id"), "is used by another plan of the service")
            }
            if let name = plan["name"]?.stringValue,
                !planSlugs.insert(ManifestChecks.derivedSlug(fromName: name)).inserted
            {
                report.fail(plan.path("name"), "names the same plan as another plan of the service")
            }
            if let definition = readPlan(plan, into: &report) { definitions.append(definition) }
        }
        let slug = name.map(ManifestChecks.derivedSlug(fromName:))
        if let slug, !ManifestChecks.isValidSlug(slug) {
            report.fail(
                object.path("name"),
                "can't become an add-on slug (2 to 50 lowercase letters, digits and dashes, starting with a letter)")
        }
        guard let id, let name, let bindable, let slug, ManifestChecks.isValidSlug(slug) else { return nil }
        if let first = definitions.indices.first { definitions[first].isDefault = true }
        let manifest = AddonManifest(
            flavour: .osb, slug: slug, name: displayName ?? name, shortDescription: description,
            description: description, logoURL: nil, apiUsername: broker.username, password: broker.password,
            ssoSalt: "", configVarsPrefix: ConfigVarPrefix.derived(fromSlug: slug), configVars: [], regions: ["*"],
            requires: bindable ? ["attachable"] : [], logDrain: false,
            production: AddonManifest.Endpoints(baseURL: broker.url, ssoURL: nil), test: nil, plans: definitions
        )
        return Service(
            brokerServiceID: id, bindable: bindable, planUpdateable: planUpdateable,
            maximumPollingDuration: maximumPollingDuration, dashboardClient: dashboardClient, manifest: manifest,
            document: .object(object.fields))
    }

    /// `dashboard_client`: an object with a string `id` and `redirect_uri` (its `secret` is read, not kept).
    private static func readDashboardClient(_ object: ManifestObject, into report: inout ManifestReport) -> String? {
        guard object["dashboard_client"] != nil, object["dashboard_client"] != .null,
            let client = report.object("dashboard_client", in: object, required: false)
        else { return nil }
        var kept: [String: JSONValue] = [:]
        for key in ["id", "redirect_uri"] {
            if let value = report.string(key, in: client, required: key == "id") { kept[key] = .string(value) }
        }
        guard let data = try? SoukJSON.encode(JSONValue.object(kept)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    private static func readPlan(_ object: ManifestObject, into report: inout ManifestReport) -> PlanDefinition? {
        let id = report.string("id", in: object)
        let name = report.string("name", in: object)
        let description = report.string("description", in: object, required: false) ?? ""
        let free = report.bool("free", in: object) ?? true
        let metadata = report.object("metadata", in: object, required: false)
        let displayName = metadata.flatMap { report.string("displayName", in: $0, required: false) }
        let price = free ? 0 : metadata.flatMap { monthlyCents($0, into: &report) } ?? 0
        guard let id, let name else { return nil }
        let slug = ManifestChecks.derivedSlug(fromName: name)
        guard ManifestChecks.isValidSlug(slug) else {
            report.fail(object.path("name"), "can't become a plan slug (lowercase letters, digits and dashes)")
            return nil
        }
        return PlanDefinition(
            name: slug, humanName: displayName ?? name, description: description, priceCents: price,
            brokerPlanID: id)
    }

    /// Cloud Foundry's convention, `metadata.costs: [{"amount": {"usd": 25.0}, "unit": "MONTHLY"}]`: the
    /// monthly US dollar cost in cents. Other units and currencies are not prices Souk can bill.
    private static func monthlyCents(_ metadata: ManifestObject, into report: inout ManifestReport) -> Int? {
        guard let costs = report.objects("costs", in: metadata, required: false, maximumCount: 20) else { return nil }
        for cost in costs {
            guard report.string("unit", in: cost, required: false)?.uppercased() == "MONTHLY",
                let amount = report.object("amount", in: cost, required: false),
                let usd = report.number("usd", in: amount, required: false)
            else { continue }
            guard usd >= 0, usd < 10_000_000 else {
                report.fail(amount.path("usd"), "must be between 0 and 10,000,000")
                return nil
            }
            return Int((usd * 100).rounded())
        }
        return nil
    }
}
