import Configuration
import Hummingbird
import Logging
import PostgresNIO
import SoukCore
import SoukStore

/// Builds the whole platform from configuration: the one function `souk serve` and the tests share.
public func buildApplication(reader: ConfigReader) async throws -> some ApplicationProtocol {
    let settings = try SoukSettings(reader: reader)
    let logger = {
        var logger = Logger(label: "souk")
        logger.logLevel = settings.logLevel
        return logger
    }()

    var databaseConfiguration = try PostgresClient.Configuration(url: settings.databaseURL)
    databaseConfiguration.options.maximumConnections = settings.maxDatabaseConnections
    let database = PostgresClient(configuration: databaseConfiguration, backgroundLogger: logger)
    let secrets = try SecretBox(encodedKey: settings.encryptionKey)

    let accountRepository = AccountRepository(client: database)
    let accounts = AccountRegistry(
        repository: accountRepository,
        cache: AuthenticationCache(lifetime: .seconds(settings.authenticationCacheSeconds))
    )
    let registry = AppRegistry(
        apps: AppRepository(client: database, secrets: secrets),
        members: CollaboratorRepository(client: database),
        accounts: accountRepository
    )
    let editor = ConfigEditor(
        registry: registry,
        config: ConfigRepository(client: database, secrets: secrets),
        releases: ReleaseRepository(client: database)
    )
    let rateLimiter = RateLimiter(perHour: settings.rateLimitPerHour)
    let services = AddonServiceRepository(client: database, secrets: secrets)
    let plans = PlanRepository(client: database)
    let catalog = Catalog(
        services: services,
        plans: plans,
        manifests: ManifestRegistry(
            services: services, plans: plans,
            rules: ManifestRules(allowsInsecureURLs: settings.allowsInsecureProviderURLs)
        ),
        planEditor: PlanEditor(plans: plans)
    )

    let router = buildRouter(
        database: database, accounts: accounts, registry: registry, editor: editor, catalog: catalog,
        rateLimiter: rateLimiter
    )
    var app = Application(
        router: router,
        configuration: ApplicationConfiguration(
            address: .hostname(settings.host, port: settings.port),
            serverName: "Souk"
        ),
        logger: logger
    )
    app.addServices(database)
    app.beforeServerStarts {
        if settings.migrateOnStart {
            try await Migrator(client: database, directory: settings.migrationsPath, logger: logger).migrate()
        }
        if let adminAPIKey = settings.adminAPIKey {
            try await accounts.ensureAdmin(email: settings.adminEmail, apiKey: adminAPIKey, logger: logger)
        }
        logger.info("Souk is ready", metadata: ["environment": .string(settings.environment)])
    }
    return app
}

func buildRouter(
    database: PostgresClient,
    accounts: AccountRegistry,
    registry: AppRegistry,
    editor: ConfigEditor,
    catalog: Catalog,
    rateLimiter: RateLimiter
) -> Router<SoukRequestContext> {
    let router = Router(context: SoukRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: AuthMiddleware(accounts: accounts, rateLimiter: rateLimiter))

    HealthController(database: database).addRoutes(to: router)
    AccountController(registry: accounts, rateLimiter: rateLimiter).addRoutes(to: router)
    router.addRoutes(AppController(registry: registry).routes, atPath: "/apps")
    router.addRoutes(CollaboratorController(registry: registry).routes, atPath: "/apps/:app/collaborators")
    router.addRoutes(ConfigVarController(editor: editor).routes, atPath: "/apps/:app/config-vars")
    router.addRoutes(ReleaseController(editor: editor).routes, atPath: "/apps/:app/releases")
    CatalogController(services: catalog.services, plans: catalog.plans).addRoutes(to: router)
    ProviderController(registry: catalog.manifests, planEditor: catalog.planEditor).addRoutes(to: router)
    AdminServiceController(registry: catalog.manifests).addRoutes(to: router)
    return router
}
