import SoukStore

/// The catalog as customers browse it (`GET /addon-services`, the marketplace) and admins list it, and the
/// log of calls to providers as providers and admins page through it: read from a fresh read replica when
/// there is one, as a service pushed or a call made a moment ago may show a few seconds late.
struct CatalogReads: Sendable {
    let services: AddonServiceRepository
    let plans: PlanRepository
    let calls: ProviderCallRepository
}
