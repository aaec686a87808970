import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SoukCore
import SoukProviders

/// One conformance run against a provider, what Heroku's kensa was: provision and the answer's shape, the same
/// uuid again, a plan change, single sign-on with good and bad tokens and timestamps, wrong credentials and
/// near misses of the password on every call, deprovision. Each
/// check is exact where the platform itself is tolerant. Whatever fails, what the run created is removed.
struct ConformanceRun {
    /// Providers MUST answer within 25 s (PROTOCOLS §2).
    static let callTimeout: Duration = .seconds(25)

    let manifest: AddonManifest
    let endpoint: ProviderEndpoint
    let ssoURL: String?
    /// `test` or `production`: which of the manifest's URLs are under test.
    let environment: String
    let provisionPlan: String
    let changedPlan: String
    /// The platform the CLI points at, for `callback_url` and `heroku_id`.
    let platformURL: String
    let client: any ProviderClient
    /// For single sign-on; follows no redirects, since a redirect is the answer.
    let http: HTTPClient
    let logger = Logger(label: "souk.conformance", factory: { _ in SwiftLogNoOpLogHandler() })
    var report = ConformanceReport()
    /// Resources the provider made besides the one under test: a new id for a repeat, a provision it should
    /// have refused.
    var strays: [(id: String, uuid: UUID)] = []

    var isProduction: Bool { environment == "production" }

    /// Runs every check against the manifest's `test` (or `production`) URLs, printing each line as it goes.
    static func perform(
        manifest: AddonManifest, production: Bool, plan: String?, platformURL: String
    ) async throws -> ConformanceReport {
        let environment = production ? "production" : "test"
        guard let endpoints = production ? manifest.production : manifest.test else {
            throw CLIError.message(
                "The manifest has no test base_url: add one, or test the production URLs with --production."
            )
        }
        let platformHost = URL(string: platformURL)?.host ?? "souk"
        let clients = ProviderClients(
            settings: ProviderClientSettings(
                requestTimeout: callTimeout, allowsPrivateAddresses: true, herokuIDHost: platformHost
            )
        )
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .disallow, timeout: HTTPClient.Configuration.Timeout(connect: .seconds(5))
            )
        )
        let plans = manifest.plans
        let provisionPlan = plans.first(where: \.isDefault)?.name ?? plans.first?.name ?? "test"
        var run = ConformanceRun(
            manifest: manifest,
            endpoint: ProviderEndpoint(
                flavour: manifest.flavour, baseURL: endpoints.baseURL, username: manifest.apiUsername,
                password: manifest.password
            ),
            ssoURL: endpoints.ssoURL,
            environment: environment,
            provisionPlan: provisionPlan,
            changedPlan: plan ?? plans.first(where: { $0.name != provisionPlan })?.name ?? provisionPlan,
            platformURL: platformURL,
            client: clients.client(for: manifest.flavour),
            http: http
        )
        Terminal.print(
            "Testing \(manifest.slug) (\(manifest.flavour.displayName) flavour) at \(endpoints.baseURL)"
        )
        await run.run()
        try? await clients.shutdown()
        try? await http.shutdown()
        Terminal.print(run.report.summary)
        return run.report
    }

    mutating func run() async {
        let uuid = UUID()
        let request = provisionRequest(uuid: uuid)
        let providerID = await checkProvision(request)
        if let providerID {
            await checkReplay(request, firstID: providerID)
            await checkPlanChange(providerID: providerID, uuid: uuid)
            await checkSSO(providerID: providerID, uuid: uuid)
        } else {
            for check in [replayCheck, planChangeCheck] + ssoChecks {
                report.skip(check, "provision gave no id to test with")
            }
        }
        let removed = await checkWrongCredentials(providerID: providerID, uuid: uuid)
        if removed {
            report.skip(deprovisionCheck, "a deprovision with wrong credentials removed the resource already")
        } else if let providerID {
            await checkDeprovision(providerID: providerID, uuid: uuid)
        } else {
            report.skip(deprovisionCheck, "provision gave no id to test with")
        }
        await removeStrays()
    }

    /// What the platform would send for a new add-on on `provisionPlan`.
    func provisionRequest(uuid: UUID) -> ProvisionRequest {
        let id = uuid.lowercasedString
        return ProvisionRequest(
            uuid: uuid,
            name: "\(manifest.slug)-conformance-\(Int.random(in: 1000...9999))",
            plan: provisionPlan,
            region: Region.us.providerRegion,
            options: manifest.flavour == .scalingo ? options(of: provisionPlan) : [:],
            callbackURL: "\(platformURL)/addons/\(id)",
            herokuID: "\(id)@\(URL(string: platformURL)?.host ?? "souk")",
            logDrainToken: manifest.requires.contains("syslog_drain") ? "d.\(id)" : nil
        )
    }

    /// A Scalingo plan's options, which the provider receives at provisioning and plan change.
    func options(of plan: String) -> [String: String] {
        manifest.plans.first { $0.name == plan }?.options ?? [:]
    }

    var provisionCheck: String {
        "provision answers \(statusList(manifest.flavour.provisionStatuses)) with an id"
    }

    /// The first provision: the status, a JSON object with an id, then the config it carries. Returns the id.
    mutating func checkProvision(_ request: ProvisionRequest) async -> String? {
        let exchange = await client.provision(request, at: endpoint, logger: logger)
        let status = exchange.call.status
        switch exchange.result {
        case .success(let result):
            if let status, manifest.flavour.provisionStatuses.contains(status) {
                report.pass("provision answers \(status) with an id")
            } else {
                report.fail(provisionCheck, "it answered \(status.map(String.init) ?? "nothing")")
            }
            checkConfig(result)
            return result.providerID
        case .failure(let error):
            report.fail(provisionCheck, error.conformanceReason(status: status))
            return nil
        }
    }

    var replayCheck: String { "provision again with the same uuid answers with the same id" }

    /// Delivery is at least once: a repeat must find the resource the first call made.
    mutating func checkReplay(_ request: ProvisionRequest, firstID: String) async {
        let exchange = await client.provision(request, at: endpoint, logger: logger)
        let status = exchange.call.status
        switch exchange.result {
        case .success(let result) where result.providerID != firstID:
            strays.append((result.providerID, request.uuid))
            report.fail(replayCheck, "it answered id \(result.providerID), the first call \(firstID)")
        case .success:
            if let status, manifest.flavour.provisionStatuses.contains(status) {
                report.pass(replayCheck)
            } else {
                report.fail(replayCheck, "it answered \(status.map(String.init) ?? "nothing")")
            }
        case .failure(let error):
            report.fail(replayCheck, error.conformanceReason(status: status))
        }
    }

    var planChangeCheck: String {
        "plan change to \(changedPlan) answers \(statusList(manifest.flavour.planChangeStatuses))"
    }

    mutating func checkPlanChange(providerID: String, uuid: UUID) async {
        let exchange = await client.changePlan(
            providerID: providerID, uuid: uuid, plan: changedPlan, options: options(of: changedPlan), at: endpoint,
            logger: logger
        )
        expectStatus(planChangeCheck, exchange, manifest.flavour.planChangeStatuses)
    }

    var deprovisionCheck: String {
        "deprovision answers \(statusList(manifest.flavour.deprovisionStatuses))"
    }

    mutating func checkDeprovision(providerID: String, uuid: UUID) async {
        let exchange = await client.deprovision(providerID: providerID, uuid: uuid, at: endpoint, logger: logger)
        expectStatus(deprovisionCheck, exchange, manifest.flavour.deprovisionStatuses)
    }

    /// Passes on exactly one of `statuses`, whatever the platform's clients would tolerate.
    mutating func expectStatus<Value: Sendable>(
        _ check: String, _ exchange: ProviderExchange<Value>, _ statuses: [Int]
    ) {
        let status = exchange.call.status
        if let status, statuses.contains(status) {
            report.pass(check)
        } else if case .failure(let error) = exchange.result {
            report.fail(check, error.conformanceReason(status: status))
        } else {
            report.fail(check, "it answered \(status.map(String.init) ?? "nothing")")
        }
    }

    /// Removes what the provider should not have made, with the right credentials; no check depends on it.
    mutating func removeStrays() async {
        for stray in strays {
            let exchange = await client.deprovision(
                providerID: stray.id, uuid: stray.uuid, at: endpoint, logger: logger
            )
            switch exchange.result {
            case .success: report.note("removed \(stray.id), which the provider should not have made")
            case .failure(let error):
                report.note("could not remove \(stray.id): \(error.conformanceReason(status: exchange.call.status))")
            }
        }
    }
}
