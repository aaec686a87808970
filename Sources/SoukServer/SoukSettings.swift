import Configuration
import Foundation
import Logging
import SoukCore

/// Everything the platform reads from configuration, under the names other tools depend on
/// (the environment provider maps `souk.adminApiKey` to `SOUK_ADMIN_API_KEY`, `databaseUrl` to `DATABASE_URL`).
struct SoukSettings: Sendable {
    var host: String
    var port: Int
    var databaseURL: String
    var maxDatabaseConnections: Int
    /// The AES-GCM keys for secrets at rest.
    var encryptionKeys: EncryptionKeys
    var adminAPIKey: String?
    /// `SOUK_METRICS_TOKEN`: lets a scraper read `/metrics` without an admin key.
    var metricsToken: String?
    var adminEmail: String
    var publicURL: String
    var environment: String
    var logLevel: Logger.Level
    var migrationsPath: String
    var migrateOnStart: Bool
    var rateLimitPerHour: Int
    /// Partner API calls per add-on service an hour (`SOUK_RATE_LIMIT_PARTNER_PER_HOUR`).
    var partnerRateLimitPerHour: Int
    /// Failed sign-ins per client address an hour, then 429 (`SOUK_RATE_LIMIT_AUTH_FAILURES_PER_HOUR`).
    var authenticationFailuresPerHour: Int
    /// How long a recognised API key is trusted without asking the database again (0: always ask).
    var authenticationCacheSeconds: Int
    /// Whether provider URLs may be plain http or point at loopback and private hosts (development, tests).
    var allowsInsecureProviderURLs: Bool
    var providerTimeout: Duration
    var providerConnectTimeout: Duration
    var jobs: JobSettings
    /// Timeouts and the connection cap of the HTTP server (`souk.http.*`).
    var http: HTTPServerSettings
    /// `SOUK_READ_REPLICA_URLS`: standbys for the reads where a little staleness is harmless (comma-separated
    /// URLs; every host of each is a replica).
    var readReplicaURLs: [String]
    /// `SOUK_MAX_REPLICA_LAG` (seconds): a replica further behind the primary takes no reads.
    var maxReplicaLag: Duration
    /// How long opening one database connection may take; `connect_timeout` in `DATABASE_URL` wins.
    var databaseConnectTimeout: Duration
    /// How long a request may wait for a pooled database connection before it gets 503 `unavailable`, if
    /// the database isn't found down sooner (then the wait ends at once).
    var databaseLeaseTimeout: Duration
    /// `SOUK_PROVIDER_SHARE`: the part of each charge paid out to the add-on's provider (default 0.8).
    var providerShare: ProviderShare
    /// How often a Souk process checks that last month is closed (`SOUK_BILLING_CLOSE_CHECK_SECONDS`).
    var billingCloseCheck: Duration
    var webhooks: WebhookSettings
    var dashboard: DashboardSettings

    init(reader: ConfigReader) throws {
        host = reader.string(forKey: "host", default: "127.0.0.1")
        port = reader.int(forKey: "port", default: 5000)
        guard let databaseURL = reader.string(forKey: "databaseUrl", isSecret: true), !databaseURL.isEmpty else {
            throw SettingsError.missing("DATABASE_URL", "the PostgreSQL database to use")
        }
        self.databaseURL = databaseURL
        maxDatabaseConnections = reader.int(forKey: "souk.database.maxConnections", default: 20)
        databaseConnectTimeout = .seconds(
            max(0.5, reader.double(forKey: "souk.database.connectTimeoutSeconds", default: 3))
        )
        databaseLeaseTimeout = .seconds(
            max(0.1, reader.double(forKey: "souk.database.leaseTimeoutSeconds", default: 30))
        )
        http = HTTPServerSettings(reader: reader)
        readReplicaURLs = reader.commaSeparated(forKey: "souk.readReplicaUrls", isSecret: true)
        maxReplicaLag = .seconds(max(0.1, reader.double(forKey: "souk.maxReplicaLag", default: 5)))
        encryptionKeys = try EncryptionKeys(reader: reader)
        adminAPIKey = reader.string(forKey: "souk.adminApiKey", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        metricsToken = reader.string(forKey: "souk.metricsToken", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        adminEmail = reader.string(forKey: "souk.adminEmail", default: "admin@souk.local")
        // Links are built by appending paths, so no trailing slash.
        var publicURL = reader.string(forKey: "souk.publicUrl", default: "http://\(host):\(port)")
        while publicURL.hasSuffix("/") { publicURL.removeLast() }
        self.publicURL = publicURL
        environment = reader.string(forKey: "souk.environment", default: "development")
        logLevel = reader.string(forKey: "log.level").flatMap(Logger.Level.init(rawValue:)) ?? .info
        migrationsPath = reader.string(forKey: "souk.migrationsPath", default: "migrations")
        migrateOnStart = reader.bool(forKey: "souk.migrateOnStart", default: true)
        rateLimitPerHour = reader.int(forKey: "souk.rateLimit.perHour", default: 4500)
        partnerRateLimitPerHour = reader.int(forKey: "souk.rateLimit.partnerPerHour", default: 4500)
        authenticationFailuresPerHour = reader.int(forKey: "souk.rateLimit.authFailuresPerHour", default: 1000)
        authenticationCacheSeconds = reader.int(forKey: "souk.authentication.cacheSeconds", default: 10)
        allowsInsecureProviderURLs = reader.bool(forKey: "souk.providers.allowInsecureUrls", default: false)
        providerTimeout = .seconds(reader.double(forKey: "souk.providers.timeoutSeconds", default: 25))
        providerConnectTimeout = .seconds(reader.double(forKey: "souk.providers.connectTimeoutSeconds", default: 5))
        // A lease must outlast the longest run of a job, or a runner takes the job from a worker still on it
        // (the worker's late writes are then refused, but the provider was called twice). The longest run is
        // orphan mitigation's two calls (provision again, then DELETE); 5 s covers the database work around
        // them on a loaded machine.
        let leaseSeconds = max(
            reader.double(forKey: "souk.jobs.leaseSeconds", default: 60), providerTimeout.inSeconds * 2 + 5
        )
        jobs = JobSettings(
            lease: .seconds(leaseSeconds),
            retryBase: .seconds(reader.double(forKey: "souk.jobs.retryBaseSeconds", default: 5)),
            maximumDelay: .seconds(reader.double(forKey: "souk.jobs.maximumDelaySeconds", default: 3600)),
            provisioningTimeout: .seconds(
                reader.double(forKey: "souk.addons.provisioningTimeoutSeconds", default: 43_200)),
            pollInterval: .seconds(reader.double(forKey: "souk.jobs.pollSeconds", default: 1)),
            workers: reader.int(forKey: "souk.jobs.workers", default: 2)
        )
        do {
            providerShare = try ProviderShare(reader.string(forKey: "souk.provider.share", default: "0.8"))
        } catch {
            throw SettingsError.invalid("SOUK_PROVIDER_SHARE", "a decimal from 0 to 1 (\(error))")
        }
        billingCloseCheck = .seconds(max(0.01, reader.double(forKey: "souk.billing.closeCheckSeconds", default: 60)))
        webhooks = WebhookSettings(
            timeout: .seconds(max(0.1, reader.double(forKey: "souk.webhooks.timeoutSeconds", default: 10))),
            retryBase: .seconds(max(0.01, reader.double(forKey: "souk.webhooks.retryBaseSeconds", default: 60))),
            maximumDelay: .seconds(reader.double(forKey: "souk.webhooks.maximumDelaySeconds", default: 3600)),
            giveUpAfter: .seconds(reader.double(forKey: "souk.webhooks.giveUpAfterSeconds", default: 7 * 86_400)),
            retention: .seconds(max(1, reader.double(forKey: "souk.webhooks.retentionSeconds", default: 30 * 86_400))),
            pollInterval: .seconds(max(0.01, reader.double(forKey: "souk.webhooks.pollSeconds", default: 1))),
            batch: max(1, reader.int(forKey: "souk.webhooks.batch", default: 16)),
            batchPerWebhook: max(1, reader.int(forKey: "souk.webhooks.batchPerWebhook", default: 64)))
        dashboard = DashboardSettings(
            sessionLifetime: .seconds(
                max(60, reader.double(forKey: "souk.dashboard.sessionHours", default: 12) * 3600)),
            secureCookies: !["development", "test"].contains(environment),
            failuresPerAccountPerHour: max(
                1, reader.int(forKey: "souk.dashboard.signInFailuresPerAccount", default: 10)),
            failuresPerAddressPerHour: max(
                1, reader.int(forKey: "souk.dashboard.signInFailuresPerAddress", default: 50)),
            signUpsPerAddressPerHour: max(1, reader.int(forKey: "souk.dashboard.signUpsPerAddress", default: 10)),
            scryptLogRounds: min(20, max(10, reader.int(forKey: "souk.dashboard.scryptLogN", default: 15))))
    }
}

public enum SettingsError: Error, CustomStringConvertible {
    /// A required setting is not set: its name, and what it must hold.
    case missing(String, String)
    /// A setting holds something it can't: its name, and what it must hold.
    case invalid(String, String)

    public var description: String {
        switch self {
        case .missing(let name, let meaning): "\(name) is not set: it must hold \(meaning)."
        case .invalid(let name, let meaning): "\(name) is invalid: it must hold \(meaning)."
        }
    }
}
