import SoukStore

/// The marketplace's parts, built once and handed to the routes that need them.
struct Catalog: Sendable {
    let services: AddonServiceRepository
    let plans: PlanRepository
    let manifests: ManifestRegistry
    let planEditor: PlanEditor
    let calls: ProviderCallRepository
    let brokers: BrokerRegistry
    let browsing: CatalogReads
}
