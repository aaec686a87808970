import Configuration
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import SoukCore
import SoukProviders
import SoukStore

/// Builds the whole platform from configuration: the one function `souk serve` and the tests share. `clock`
/// is the time Souk charges by: the system's, or one a test drives through month ends.
public func buildApplication(reader: ConfigReader, clock: any SoukClock = SystemClock()) async throws
    -> some ApplicationProtocol
{
    try await buildApplication(reader: reader, clock: clock) { _ in }
}

/// `inspectRouter` sees the finished router (the test that compares it with the API document).
func buildApplication(
    reader: ConfigReader, clock: any SoukClock = SystemClock(), inspectRouter: (Router<SoukRequestContext>) -> Void
) async throws -> some ApplicationProtocol {
    let settings = try SoukSettings(reader: reader)
    let logger = {
        var logger = Logger(label: "souk") { SoukLogHandler(label: $0) }
        logger.logLevel = settings.logLevel
        return logger
    }()

    /// One configuration per host of `url`, with the pool's cap and, unless the URL sets one, the connect timeout.
    func poolConfigurations(_ url: String) throws -> [PostgresClient.Configuration] {
        try PostgresClient.Configuration.all(url: url).map {
            var configuration = $0
            configuration.options.maximumConnections = settings.maxDatabaseConnections
            if !url.contains("connect_timeout=") {
                configuration.options.connectTimeout = settings.databaseConnectTimeout
            }
            return configuration
        }
    }
    // One configuration per host of DATABASE_URL; the probe finds which one to use.
    let databaseConfigurations = try poolConfigurations(settings.databaseURL)
    let metrics = SoukMetrics()
    let replicaConfigurations = try settings.readReplicaURLs.flatMap(poolConfigurations)
    let replicas =
        replicaConfigurations.isEmpty
        ? nil : ReadReplicas(configurations: replicaConfigurations, logger: logger, metrics: metrics.factory)
    let database = Database(
        configurations: databaseConfigurations, logger: logger, leaseLimit: settings.databaseLeaseTimeout,
        metrics: metrics.factory, replicas: replicas
    )
    // For the catalog and the admin listings, where a few seconds of staleness is harmless.
    let reads = database.readingFromReplicas()
    let databaseStatus = DatabaseStatus(database: database)
    let connectionConfigurations = try PostgresConnection.Configuration.all(url: settings.databaseURL)
    let probe = DatabaseProbe(
        configurations: connectionConfigurations,
        requiresPrimary: try PostgresConnection.Configuration.requiresPrimary(url: settings.databaseURL),
        database: database, status: databaseStatus, logger: logger
    )
    let secrets = try settings.encryptionKeys.secretBox()
    let environments = EnvironmentCache(metrics: metrics.factory)
    let ssoTargets = SSOTargetCache(metrics: metrics.factory)
    let appChanges = AppChangeListener(
        configuration: { connectionConfigurations[database.primaryHost] }, caches: [environments, ssoTargets],
        logger: logger, metrics: metrics.factory
    )

    let configRepository = ConfigRepository(database: database, secrets: secrets, cache: environments)
    let addonRepository = AddonRepository(
        database: database, secrets: secrets, config: configRepository, webURLBase: settings.publicURL, clock: clock,
        ssoTargets: ssoTargets
    )
    let accountRepository = AccountRepository(database: database)
    let authenticationCache = AuthenticationCache(lifetime: .seconds(settings.authenticationCacheSeconds))
    let accounts = AccountRegistry(
        repository: accountRepository, authorizations: AuthorizationRepository(database: database),
        cache: authenticationCache
    )
    let revocations = CredentialRevocationWatcher(
        log: CredentialRevocationLog(database: database), cache: authenticationCache, logger: logger
    )
    let registry = AppRegistry(
        apps: AppRepository(database: database, secrets: secrets, cache: environments, ssoTargets: ssoTargets),
        members: CollaboratorRepository(database: database, cache: environments, ssoTargets: ssoTargets),
        accounts: accountRepository,
        addons: addonRepository
    )
    let editor = ConfigEditor(
        database: database,
        registry: registry,
        config: configRepository,
        releases: ReleaseRepository(database: database, secrets: secrets)
    )
    let limits = RateLimits(
        accounts: RateLimiter(scope: "account", perHour: settings.rateLimitPerHour),
        partners: RateLimiter(scope: "partner", perHour: settings.partnerRateLimitPerHour),
        authenticationFailures: RateLimiter(scope: "auth-failures", perHour: settings.authenticationFailuresPerHour),
        dashboardFailuresPerAccount: RateLimiter(
            scope: "sign-in-account", perHour: settings.dashboard.failuresPerAccountPerHour),
        dashboardFailuresPerAddress: RateLimiter(
            scope: "sign-in-address", perHour: settings.dashboard.failuresPerAddressPerHour),
        dashboardSignUpsPerAddress: RateLimiter(
            scope: "sign-up-address", perHour: settings.dashboard.signUpsPerAddressPerHour)
    )
    let services = AddonServiceRepository(database: database, secrets: secrets, ssoTargets: ssoTargets)
    let plans = PlanRepository(database: database)
    let providerClients = ProviderClients(
        settings: ProviderClientSettings(
            connectTimeout: settings.providerConnectTimeout, requestTimeout: settings.providerTimeout,
            allowsPrivateAddresses: settings.allowsInsecureProviderURLs,
            herokuIDHost: URL(string: settings.publicURL)?.host
        )
    )
    let catalog = Catalog(
        services: services,
        plans: plans,
        manifests: ManifestRegistry(
            services: services, plans: plans,
            rules: ManifestRules(allowsInsecureURLs: settings.allowsInsecureProviderURLs)
        ),
        planEditor: PlanEditor(plans: plans),
        calls: ProviderCallRepository(database: database),
        brokers: BrokerRegistry(
            brokers: BrokerRepository(database: database, secrets: secrets, services: services),
            clients: providerClients,
            rules: ManifestRules(allowsInsecureURLs: settings.allowsInsecureProviderURLs)
        ),
        browsing: CatalogReads(
            services: AddonServiceRepository(database: reads, secrets: secrets), plans: PlanRepository(database: reads),
            calls: ProviderCallRepository(database: reads))
    )
    let jobs = JobRepository(database: database)
    let attachmentRepository = AttachmentRepository(
        database: database, addons: addonRepository, config: configRepository, webURLBase: settings.publicURL
    )
    let executor = JobExecutor(
        addons: addonRepository, attachments: attachmentRepository, jobs: jobs, calls: catalog.calls, plans: plans,
        oauth: OAuthRepository(database: database), clients: providerClients, settings: settings.jobs,
        publicURL: settings.publicURL, metrics: metrics.factory
    )
    let provisioner = Provisioner(
        database: database, registry: registry, addons: addonRepository, services: services, plans: plans, jobs: jobs,
        executor: executor, settings: settings.jobs
    )

    let partner = Partner(
        desk: PartnerDesk(addons: addonRepository), addons: addonRepository, oauth: OAuthRepository(database: database),
        secrets: secrets,
        authenticator: ProviderAuthenticator(
            credentials: ProviderCredentialRepository(database: database, secrets: secrets))
    )
    let attacher = Attacher(
        registry: registry, addons: addonRepository, attachments: attachmentRepository, executor: executor,
        settings: settings.jobs
    )
    let admin = AdminController(
        listings: AdminListingRepository(database: reads, secrets: secrets, webURLBase: settings.publicURL),
        calls: catalog.browsing.calls
    )
    let webhookRepository = WebhookRepository(database: database, secrets: secrets)
    let webhooks = WebhookController(
        desk: WebhookDesk(
            webhooks: webhookRepository, registry: registry, partner: partner.desk,
            rules: ManifestRules(allowsInsecureURLs: settings.allowsInsecureProviderURLs)),
        webhooks: webhookRepository)
    let billing = BillingRepository(database: database)
    let biller = Biller(billing: billing, share: settings.providerShare, clock: clock)
    let singleSignOn = SingleSignOn(
        repository: SSORepository(
            database: database, secrets: secrets, issuances: SSOIssuanceLog(database: database, logger: logger),
            cache: ssoTargets)
    )
    let cookies = DashboardCookies(secure: settings.dashboard.secureCookies)
    let dashboard = Dashboard(
        sessions: DashboardSessions(
            accounts: accounts, sessions: DashboardSessionRepository(database: database), settings: settings.dashboard,
            failuresPerAccount: limits.dashboardFailuresPerAccount,
            failuresPerAddress: limits.dashboardFailuresPerAddress, signUpsPerAddress: limits.dashboardSignUpsPerAddress
        ),
        pages: try await DashboardPages.load(), forms: DashboardForms(cookies: cookies), biller: biller,
        listings: admin.listings)
    let router = buildRouter(
        databaseStatus: databaseStatus, accounts: accounts, registry: registry, editor: editor, catalog: catalog,
        provisioner: provisioner, partner: partner, attacher: attacher, admin: admin, singleSignOn: singleSignOn,
        billing: BillingController(biller: biller, usage: UsageDesk(billing: billing, clock: clock)),
        webhooks: webhooks, dashboard: dashboard, limits: limits,
        trustedProxies: settings.http.trustedProxies,
        metrics: MetricsController(metrics: metrics, jobs: jobs, databaseStatus: databaseStatus),
        metricsToken: settings.metricsToken
    )
    inspectRouter(router)
    var app = Application(
        responder: router.buildResponder(),
        // HTTP/1.1 with the connection cap, idle and read timeouts, and JSON answers to unparsable requests.
        server: SoukHTTPChannel.builder(settings: settings.http),
        configuration: ApplicationConfiguration(
            address: .hostname(settings.host, port: settings.port),
            serverName: "Souk"
        ),
        logger: logger
    )
    app.addServices(database, probe, appChanges, ProviderClientsService(providerClients), revocations)
    if let replicas {
        app.addServices(
            ReplicaLagProbe(
                database: database, replicas: replicas,
                configurations: try settings.readReplicaURLs.flatMap {
                    try PostgresConnection.Configuration.all(url: $0)
                },
                maxLag: settings.maxReplicaLag, logger: logger))
    }
    app.addServices(
        RateLimitSync(repository: RateLimitRepository(database: database), limiters: limits.all, logger: logger))
    app.addServices(JobRunner(jobs: jobs, executor: executor, settings: settings.jobs, logger: logger))
    app.addServices(BillingCloser(biller: biller, interval: settings.billingCloseCheck, logger: logger))
    app.addServices(
        WebhookDispatcher(
            webhooks: webhookRepository, clients: providerClients, settings: settings.webhooks, clock: clock,
            logger: logger))
    app.beforeServerStarts {
        // With several hosts, the first may be a standby or gone: start once the probe has found the primary.
        if databaseConfigurations.count > 1, try await !databaseStatus.waitUntilAnswered(timeout: .seconds(60)) {
            throw SettingsError.invalid("DATABASE_URL", "a host that answers as the primary within 60 s")
        }
        if settings.migrateOnStart {
            try await Migrator(database: database, directory: settings.migrationsPath, logger: logger).migrate()
        }
        // Before anything is sealed: under a key nothing else opens, it would be lost to every other process.
        if let foreign = try await SealingKeyCheck.foreignKey(in: database, secrets: secrets, logger: logger) {
            throw SettingsError.invalid(
                "SOUK_ENCRYPTION_KEY",
                "the key that sealed \(foreign.column) (key id \(foreign.keyID)), or that key among"
                    + " SOUK_PREVIOUS_ENCRYPTION_KEYS while `souk rotate-key` re-seals under a new one")
        }
        let sealed = try await addonRepository.sealClearOptions(logger: logger)
        if sealed > 0 {
            logger.info("Sealed the provisioning options of older add-ons", metadata: ["count": "\(sealed)"])
        }
        if let adminAPIKey = settings.adminAPIKey {
            try await accounts.ensureAdmin(email: settings.adminEmail, apiKey: adminAPIKey, logger: logger)
        }
        logger.info("Souk is ready", metadata: ["environment": .string(settings.environment)])
    }
    return app
}

func buildRouter(
    databaseStatus: DatabaseStatus,
    accounts: AccountRegistry,
    registry: AppRegistry,
    editor: ConfigEditor,
    catalog: Catalog,
    provisioner: Provisioner,
    partner: Partner,
    attacher: Attacher,
    admin: AdminController,
    singleSignOn: SingleSignOn,
    billing: BillingController,
    webhooks: WebhookController,
    dashboard: Dashboard,
    limits: RateLimits,
    trustedProxies: Set<String>,
    metrics: MetricsController,
    metricsToken: String?
) -> Router<SoukRequestContext> {
    // HEAD runs a route's GET handler (RFC 9110 §9.3.2), which sees the method; NIO sends the answer's head only.
    let router = Router(context: SoukRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestLogMiddleware(metrics: metrics.metrics.factory))
    router.add(middleware: CrossOriginMiddleware())
    router.add(middleware: MetricsTokenMiddleware(token: metricsToken, controller: metrics))
    router.add(middleware: DatabaseOutageMiddleware(status: databaseStatus))
    router.add(
        middleware: AuthMiddleware(
            accounts: accounts, providers: partner.authenticator, limits: limits, trustedProxies: trustedProxies,
            metrics: metrics.metrics.factory
        )
    )
    router.add(middleware: PathParameterDecodingMiddleware())

    router.addRoutes(HealthController(status: databaseStatus).routes)
    router.addRoutes(
        AccountController(registry: accounts, rateLimiter: limits.accounts, sessions: dashboard.sessions).routes)
    router.addRoutes(AuthorizationController(registry: accounts).routes, atPath: "/oauth/authorizations")
    router.addRoutes(AppController(registry: registry).routes, atPath: "/apps")
    router.addRoutes(CollaboratorController(registry: registry).routes, atPath: "/apps/:app/collaborators")
    router.addRoutes(ConfigVarController(editor: editor).routes, atPath: "/apps/:app/config-vars")
    router.addRoutes(ReleaseController(editor: editor).routes, atPath: "/apps/:app/releases")
    router.addRoutes(CatalogController(services: catalog.browsing.services, plans: catalog.browsing.plans).routes)
    router.addRoutes(
        ProviderController(
            registry: catalog.manifests, planEditor: catalog.planEditor, calls: catalog.browsing.calls
        ).routes,
        atPath: "/provider")
    router.addRoutes(BrokerController(registry: catalog.brokers).routes, atPath: "/provider/brokers")
    router.addRoutes(AdminServiceController(registry: catalog.manifests).routes, atPath: "/admin/addon-services/:slug")
    router.addRoutes(AddonController(provisioner: provisioner, partner: partner.desk).routes)
    router.addRoutes(PartnerController(desk: partner.desk).routes, atPath: "/addons/:addon")
    router.addRoutes(
        ScalingoPartnerController(desk: partner.desk, addons: partner.addons).routes, atPath: "/v1/provider/apps")
    router.addRoutes(OAuthController(oauth: partner.oauth, secrets: partner.secrets).routes, atPath: "/oauth/token")
    router.addRoutes(AttachmentController(attacher: attacher).routes)
    router.addRoutes(
        ResolveController(resolver: AddonResolver(repository: ResolutionRepository(addons: provisioner.addons))).routes,
        atPath: "/actions")
    router.addRoutes(admin.routes, atPath: "/admin")
    router.addRoutes(billing.routes)
    router.addRoutes(webhooks.routes)
    router.addRoutes(SSOController(singleSignOn: singleSignOn, metrics: metrics.metrics.factory).routes)
    router.addRoutes(metrics.routes, atPath: "/metrics")
    router.addRoutes(OpenAPIController().routes, atPath: "/openapi.json")
    dashboard.register(
        on: router, trustedProxies: trustedProxies, registry: registry, editor: editor, catalog: catalog,
        provisioner: provisioner, attacher: attacher, singleSignOn: singleSignOn)
    return router
}
