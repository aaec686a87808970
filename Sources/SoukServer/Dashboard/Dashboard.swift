import Hummingbird
import SoukStore

/// The dashboard in the browser, served by `souk serve` under `/dashboard`: its own sessions, and the same
/// domain services as the API behind every page and form.
struct Dashboard: Sendable {
    let sessions: DashboardSessions
    let pages: DashboardPages
    let forms: DashboardForms
    let biller: Biller
    let listings: AdminListingRepository

    func register(
        on router: Router<SoukRequestContext>, trustedProxies: Set<String>, registry: AppRegistry,
        editor: ConfigEditor, catalog: Catalog, provisioner: Provisioner, attacher: Attacher,
        singleSignOn: SingleSignOn
    ) {
        // The site's root is the dashboard's: people who type Souk's address land on their apps.
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/dashboard"]) }
        let group = router.group("dashboard")
            .add(middleware: DashboardMiddleware(sessions: sessions, pages: pages, cookies: forms.cookies))
        DashboardAuthController(sessions: sessions, pages: pages, forms: forms, trustedProxies: trustedProxies)
            .register(on: group)
        DashboardAppController(
            registry: registry, editor: editor, provisioner: provisioner, attacher: attacher,
            singleSignOn: singleSignOn, pages: pages, forms: forms
        ).register(on: group)
        DashboardMarketplaceController(
            catalog: catalog, registry: registry, provisioner: provisioner, biller: biller, pages: pages, forms: forms
        ).register(on: group)
        DashboardProviderController(catalog: catalog, biller: biller, pages: pages, forms: forms).register(on: group)
        DashboardAdminController(listings: listings, catalog: catalog, pages: pages, forms: forms).register(on: group)
    }
}
