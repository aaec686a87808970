import SoukStore

/// The catalog as customers browse it (`GET /addon-services`, the marketplace) and admins list it: read from
/// a fresh read replica when there is one, as a service pushed a moment ago may show a few seconds late.
struct CatalogReads: Sendable {
    let services: AddonServiceRepository
    let plans: PlanRepository
}
