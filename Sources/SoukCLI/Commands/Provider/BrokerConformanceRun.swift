import Foundation
import SoukCore
import SoukProviders

/// `souk addons:admin:test --broker URL`: what the platform needs from an Open Service Broker, checked call by
/// call (PROTOCOLS §7): a catalog Souk can read, credentials and the API version enforced, provision (waiting
/// through `last_operation` when it answers 202), the same PUT again, the same id with another plan, bind and
/// unbind with their repeats, deprovision and its repeat. What the run creates is removed, whatever fails.
struct BrokerConformanceRun {
    let probe: BrokerProbe
    var report = ConformanceReport()
    /// How long an asynchronous operation may take before the run gives up on it.
    let patience: Duration

    static func perform(
        url: String, username: String, password: String, patience: Duration = .seconds(60)
    ) async throws -> ConformanceReport {
        let clients = ProviderClients(
            settings: ProviderClientSettings(requestTimeout: .seconds(60), allowsPrivateAddresses: true))
        let endpoint = ProviderEndpoint(flavour: .osb, baseURL: url, username: username, password: password)
        var run = BrokerConformanceRun(probe: clients.brokerProbe(at: endpoint), patience: patience)
        Terminal.print("Testing the Open Service Broker at \(url)")
        await run.run()
        try? await clients.shutdown()
        Terminal.print(run.report.summary)
        return run.report
    }

    mutating func run() async {
        guard let catalog = await checkCatalog() else {
            report.skip("provision, bind, unbind and deprovision", "there is no catalog to test with")
            return
        }
        await checkCredentials()
        // A bindable service shows the most; its first plan is the one provisioned.
        guard let service = catalog.services.first(where: \.bindable) ?? catalog.services.first,
            let plan = service.manifest.plans.first?.brokerPlanID
        else { return }
        let other = service.manifest.plans.dropFirst().first?.brokerPlanID
        let id = UUID()
        let instance = BrokerInstance(
            serviceID: service.brokerServiceID, planID: plan, bindable: service.bindable, bindingID: UUID(),
            appID: UUID(), appName: "souk-conformance", ownerID: UUID())
        let provisioned = await checkProvision(instance, id: id)
        if provisioned {
            await checkRepeat(instance, id: id, other: other)
            if service.bindable { await checkBinding(instance, id: id) }
        }
        await checkDeprovision(instance, id: id, provisioned: provisioned)
    }

    /// The catalog answers 200 and reads as one Souk can register.
    mutating func checkCatalog() async -> BrokerCatalog? {
        let check = "GET /v2/catalog answers 200 with a catalog Souk can register"
        let answer = await probe.catalog()
        guard answer.status == 200, let body = answer.body else {
            report.fail(check, Self.describe(answer))
            return nil
        }
        let (catalog, errors) = BrokerCatalog.read(
            body, broker: .init(url: probe.endpoint.baseURL, username: "", password: ""))
        report.expect(check, problems: errors.map(\.description))
        return catalog
    }

    mutating func checkCredentials() async {
        let wrong = await probe.catalog(password: probe.endpoint.password + "x")
        report.expect(
            "the catalog with a wrong password answers 401",
            problems: wrong.status == 401 ? [] : ["it answered \(Self.describe(wrong))"])
        let old = await probe.catalog(version: "2.0")
        report.expect(
            "X-Broker-API-Version 2.0 answers 412 Precondition Failed",
            problems: old.status == 412 ? [] : ["it answered \(Self.describe(old))"])
    }

    /// 201, or 202 and then `last_operation` reaching `succeeded`.
    mutating func checkProvision(_ instance: BrokerInstance, id: UUID) async -> Bool {
        let check = "provision answers 201 (or 202, then last_operation succeeds)"
        let answer = await probe.provision(instance, id: id)
        switch answer.status {
        case 201:
            report.pass(check)
            return true
        case 202:
            let state = await wait(instance, id: id, operation: answer.object["operation"]?.stringValue)
            report.expect(check, problems: state == "succeeded" ? [] : ["last_operation ended \(state)"])
            if state == "succeeded" { await checkAsyncRequired(instance) }
            return state == "succeeded"
        default:
            report.fail(check, Self.describe(answer))
            return false
        }
    }

    /// A broker that works asynchronously must refuse a PUT that doesn't accept it.
    mutating func checkAsyncRequired(_ instance: BrokerInstance) async {
        let id = UUID()
        let answer = await probe.provision(instance, id: id, acceptsIncomplete: false)
        report.expect(
            "provision without accepts_incomplete answers 422 AsyncRequired",
            problems: answer.status == 422 && answer.object["error"]?.stringValue == "AsyncRequired"
                ? [] : ["it answered \(Self.describe(answer))"])
        if answer.status.map({ (200..<300).contains($0) }) == true {
            _ = await probe.deprovision(instance, id: id)
        }
    }

    mutating func checkRepeat(_ instance: BrokerInstance, id: UUID, other: String?) async {
        let again = await probe.provision(instance, id: id)
        report.expect(
            "the same provision again answers 200 (or 202 while in progress)",
            problems: again.status == 200 || again.status == 202 ? [] : ["it answered \(Self.describe(again))"])
        guard let other else {
            report.skip("the same id with another plan answers 409", "the service has one plan")
            return
        }
        var conflicting = instance
        conflicting.planID = other
        let conflict = await probe.provision(conflicting, id: id)
        report.expect(
            "the same id with another plan answers 409",
            problems: conflict.status == 409 ? [] : ["it answered \(Self.describe(conflict))"])
    }

    mutating func checkBinding(_ instance: BrokerInstance, id: UUID) async {
        let bound = await probe.bind(instance, id: id)
        let hasCredentials = bound.object["credentials"]?.objectValue != nil
        report.expect(
            "bind answers 201 with a credentials object",
            problems: bound.status == 201 && hasCredentials ? [] : ["it answered \(Self.describe(bound))"])
        let again = await probe.bind(instance, id: id)
        report.expect(
            "the same bind again answers 200",
            problems: again.status == 200 ? [] : ["it answered \(Self.describe(again))"])
        let unbound = await probe.unbind(instance, id: id)
        report.expect(
            "unbind answers 200", problems: unbound.status == 200 ? [] : ["it answered \(Self.describe(unbound))"])
        let gone = await probe.unbind(instance, id: id)
        report.expect(
            "unbind again answers 410 Gone", problems: gone.status == 410 ? [] : ["it answered \(Self.describe(gone))"])
    }

    mutating func checkDeprovision(_ instance: BrokerInstance, id: UUID, provisioned: Bool) async {
        let answer = await probe.deprovision(instance, id: id)
        guard provisioned else { return }  // only cleaning up
        let check = "deprovision answers 200 (or 202, then last_operation succeeds or 410)"
        switch answer.status {
        case 200: report.pass(check)
        case 202:
            let state = await wait(instance, id: id, operation: answer.object["operation"]?.stringValue)
            report.expect(check, problems: ["succeeded", "gone"].contains(state) ? [] : ["it ended \(state)"])
        default: report.fail(check, Self.describe(answer))
        }
        let again = await probe.deprovision(instance, id: id)
        report.expect(
            "deprovision again answers 410 Gone",
            problems: again.status == 410 ? [] : ["it answered \(Self.describe(again))"])
    }

    /// Polls `last_operation` until it leaves `in progress`: the state it ended in, `gone` for a 410, or why
    /// it never did.
    func wait(_ instance: BrokerInstance, id: UUID, operation: String?) async -> String {
        let deadline = ContinuousClock.now + patience
        while ContinuousClock.now < deadline {
            let answer = await probe.lastOperation(instance, id: id, operation: operation)
            if answer.status == 410 { return "gone" }
            guard answer.status == 200, let state = answer.object["state"]?.stringValue else {
                return "with \(Self.describe(answer))"
            }
            if state != "in progress" { return state }
            try? await Task.sleep(for: .seconds(1))
        }
        return "still in progress after \(patience)"
    }

    /// `HTTP 500: description`, or why nothing came.
    static func describe(_ answer: BrokerProbe.Answer) -> String {
        guard let status = answer.status else { return answer.error ?? "no answer" }
        let description = answer.object["description"]?.stringValue.map { ": \($0)" } ?? ""
        return "HTTP \(status)\(description)"
    }
}
