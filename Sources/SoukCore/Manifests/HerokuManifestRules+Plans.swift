/// Souk's extension to Heroku manifests: an optional `plans` array, in the Platform API's plan shape.
extension HerokuManifestRules {
    /// Plans in order; at most one default, else the first is. Plans in error are left out (the manifest
    /// is refused anyway).
    static func readPlans(_ root: ManifestObject, into report: inout ManifestReport) -> [PlanDefinition]? {
        guard root["plans"] != nil else { return [] }
        guard
            let objects = report.objects(
                "plans", in: root, required: false, maximumCount: ManifestChecks.maximumPlans)
        else { return nil }
        var names: Set<String> = []
        var defaultPlan: String?
        var plans: [PlanDefinition] = []
        for object in objects {
            let plan = PlanInput.read(object, seen: &names, into: &report)
            if plan?.isDefault == true {
                if let defaultPlan {
                    report.fail(object.path("default"), "only one plan may be the default (\(defaultPlan) is)")
                } else {
                    defaultPlan = object.path
                }
            }
            if let plan { plans.append(plan) }
        }
        if let first = plans.indices.first, defaultPlan == nil { plans[first].isDefault = true }
        return plans
    }
}
