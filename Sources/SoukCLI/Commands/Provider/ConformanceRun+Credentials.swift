import Foundation
import SoukCore
import SoukProviders

/// Wrong credentials, each sent to provision, plan change and deprovision, each to be answered 401. kensa tried
/// `wrong`/`secret`; real providers fail in subtler ways (PROTOCOLS §8): one checks only the password, Scalingo's
/// boilerplate accepts any password that starts with the right one. So the user and the password are tried
/// apart, and the password near misses one by one.
extension ConformanceRun {
    /// One wrong pair of credentials, and what a provider that lets it in does wrong.
    struct CredentialProbe {
        /// `with a wrong password`, completing `provision … answers 401`.
        var name: String
        var username: String
        var password: String
        /// The defect in one line, when the provider lets this pair in.
        var defect: String
        /// A near miss of the password: when any wrong password gets in, that is the defect to name.
        var isNearMiss = false
    }

    /// What one endpoint did with a probe.
    enum ProbeOutcome {
        case refused
        /// A 2xx: the call did what the right credentials would have done.
        case accepted(String)
        /// Neither 401 nor a 2xx.
        case unexpected(String)
    }

    var credentialProbes: [CredentialProbe] {
        let user = endpoint.username
        let password = endpoint.password
        return [
            CredentialProbe(
                name: "with a wrong password", username: user, password: ManifestTemplate.secret(),
                defect: "accepts a wrong password (the password is not checked)"
            ),
            CredentialProbe(
                name: "with a wrong user", username: "wrong-\(user)", password: password,
                defect: "accepts a wrong user name (only the password is checked; compare both)"
            ),
            CredentialProbe(
                name: "with the password and a character appended", username: user, password: password + "x",
                defect: "accepts a password that only starts with the right one"
                    + " (`start_with?` instead of an exact, constant-time compare)",
                isNearMiss: true
            ),
            CredentialProbe(
                name: "with the password minus its last character", username: user,
                password: String(password.dropLast()),
                defect: "accepts a prefix of the password (only as many characters as were sent are compared,"
                    + " instead of an exact, constant-time compare)",
                isNearMiss: true
            ),
            CredentialProbe(
                name: "with an empty password", username: user, password: "",
                defect: "accepts an empty password (a blank password must never skip the check)",
                isNearMiss: true
            ),
        ]
    }

    /// The check's name, after the calls it made: `provision, plan change and deprovision with … answer 401`.
    static func credentialCheck(_ probe: CredentialProbe, calls: [String]) -> String {
        let subject = calls.count > 1 ? calls.dropLast().joined(separator: ", ") + " and " + calls.last! : calls[0]
        return "\(subject) \(probe.name) answer\(calls.count > 1 ? "" : "s") 401"
    }

    /// Every probe against provision, then (when provision gave an id) against plan change, then deprovision.
    /// Returns whether a deprovision with wrong credentials removed the resource under test.
    mutating func checkWrongCredentials(providerID: String?, uuid: UUID) async -> Bool {
        let probes = credentialProbes
        var outcomes = Array(repeating: [(call: String, outcome: ProbeOutcome)](), count: probes.count)
        for (index, probe) in probes.enumerated() {
            outcomes[index].append(("provision", await probeProvision(probe)))
        }
        var removed = false
        if let providerID {
            for (index, probe) in probes.enumerated() {
                let outcome = await probePlanChange(probe, providerID: providerID, uuid: uuid)
                outcomes[index].append(("plan change", outcome))
            }
            for (index, probe) in probes.enumerated() where !removed {
                let outcome = await probeDeprovision(probe, providerID: providerID, uuid: uuid)
                if case .accepted = outcome { removed = true }
                outcomes[index].append(("deprovision", outcome))
            }
        }
        reportCredentials(probes, outcomes)
        if removed, let providerID {
            report.note("a deprovision with wrong credentials removed \(providerID); later probes skipped deprovision")
        }
        return removed
    }

    /// One line per probe: passed when every call answered 401; else the defect, then what each call did.
    mutating func reportCredentials(
        _ probes: [CredentialProbe], _ outcomes: [[(call: String, outcome: ProbeOutcome)]]
    ) {
        let anyPasswordGetsIn = outcomes[0].contains { if case .accepted = $0.outcome { true } else { false } }
        for (probe, results) in zip(probes, outcomes) {
            let check = Self.credentialCheck(probe, calls: results.map(\.call))
            var accepted: [String] = []
            var unexpected: [String] = []
            for (call, outcome) in results {
                switch outcome {
                case .refused: break
                case .accepted(let what): accepted.append("\(call) \(what)")
                case .unexpected(let what): unexpected.append("\(call): \(what)")
                }
            }
            if accepted.isEmpty && unexpected.isEmpty {
                report.pass(check)
            } else if accepted.isEmpty {
                report.fail(check, unexpected.joined(separator: "; "))
            } else {
                let defect =
                    probe.isNearMiss && anyPasswordGetsIn
                    ? "accepts any password (the password is not checked)" : probe.defect
                report.fail(check, "\(defect): " + (accepted + unexpected).joined(separator: "; "))
            }
        }
    }

    /// 401, or an outcome naming the status; a resource made anyway is removed at the end.
    mutating func probeProvision(_ probe: CredentialProbe) async -> ProbeOutcome {
        let request = provisionRequest(uuid: UUID())
        let exchange = await client.provision(request, at: endpoint(probe), logger: logger)
        let status = exchange.call.status
        switch exchange.result {
        case _ where status == 401:
            return .refused
        case .success(let result):
            strays.append((result.providerID, request.uuid))
            return .accepted("answered \(status.map(String.init) ?? "nothing") and made \(result.providerID)")
        case .failure(let error):
            return .unexpected(error.conformanceReason(status: status))
        }
    }

    func probePlanChange(_ probe: CredentialProbe, providerID: String, uuid: UUID) async -> ProbeOutcome {
        let exchange = await client.changePlan(
            providerID: providerID, uuid: uuid, plan: changedPlan, options: options(of: changedPlan),
            at: endpoint(probe), logger: logger
        )
        return Self.outcome(exchange)
    }

    func probeDeprovision(_ probe: CredentialProbe, providerID: String, uuid: UUID) async -> ProbeOutcome {
        let exchange = await client.deprovision(
            providerID: providerID, uuid: uuid, at: endpoint(probe), logger: logger
        )
        // 404 and 410 read as "already gone" to the platform, but here they only show the id was looked up first
        if case .success(.alreadyGone) = exchange.result {
            return .unexpected("it answered \(exchange.call.status.map(String.init) ?? "nothing")")
        }
        return Self.outcome(exchange)
    }

    static func outcome<Value: Sendable>(_ exchange: ProviderExchange<Value>) -> ProbeOutcome {
        let status = exchange.call.status
        switch exchange.result {
        case _ where status == 401: return .refused
        case .success: return .accepted("answered \(status.map(String.init) ?? "nothing")")
        case .failure(let error): return .unexpected(error.conformanceReason(status: status))
        }
    }

    func endpoint(_ probe: CredentialProbe) -> ProviderEndpoint {
        var wrong = endpoint
        wrong.username = probe.username
        wrong.password = probe.password
        return wrong
    }
}
