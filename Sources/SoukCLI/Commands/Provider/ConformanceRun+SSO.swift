import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SoukCore

/// Single sign-on, with tokens built by the platform's own `SSOTokenBuilder`: a fresh valid one must get the
/// customer in; a token signed with another salt and a valid one 10 minutes old must both get 403, as kensa
/// demanded.
extension ConformanceRun {
    static let staleSeconds = 600

    var ssoChecks: [String] {
        [
            "single sign-on with a valid token answers 200, 302 or 303",
            "single sign-on with an invalid token answers 403",
            "single sign-on with a \(Self.staleSeconds / 60)-minute-old timestamp answers 403",
        ]
    }

    mutating func checkSSO(providerID: String, uuid: UUID) async {
        let checks = ssoChecks
        guard let ssoURL else {
            for check in checks { report.fail(check, "the manifest has no \(environment) sso_url") }
            return
        }
        let subject = SSOSubject(
            flavour: manifest.flavour, ssoURL: ssoURL, providerID: providerID, addonID: uuid, userID: UUID(),
            email: "conformance@souk.test", app: "conformance-app", contextApp: "conformance-app",
            serviceSlug: manifest.slug, serviceName: manifest.name
        )
        let now = Int(Date().timeIntervalSince1970)
        let attempts: [(check: String, builder: SSOTokenBuilder, accepted: Set<Int>)] = [
            (checks[0], SSOTokenBuilder(salt: manifest.ssoSalt, timestamp: now), [200, 302, 303]),
            (checks[1], SSOTokenBuilder(salt: ManifestTemplate.secret(), timestamp: now), [403]),
            (checks[2], SSOTokenBuilder(salt: manifest.ssoSalt, timestamp: now - Self.staleSeconds), [403]),
        ]
        for attempt in attempts {
            switch await send(attempt.builder.handOff(subject)) {
            case .success(let status) where attempt.accepted.contains(status):
                report.pass(attempt.check)
            case .success(let status):
                report.fail(attempt.check, "it answered \(status)")
            case .failure(let reason):
                report.fail(attempt.check, reason.text)
            }
        }
    }

    struct SSOFailure: Error {
        var text: String
    }

    /// What a browser would do with the hand-off: POST the form (Heroku) or follow the link (Scalingo). Returns
    /// the status; redirects are not followed.
    func send(_ handOff: SSOHandOff) async -> Result<Int, SSOFailure> {
        var request = HTTPClientRequest(url: handOff.action)
        request.headers.add(name: "Accept", value: "text/html")
        if handOff.method == .post {
            request.method = .POST
            let form = handOff.params.sorted { $0.key < $1.key }.map { "\(segment($0.key))=\(segment($0.value))" }
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form.joined(separator: "&")))
        }
        let http = http
        do {
            // the deadline covers the body too: the page itself does not matter, only that it arrives in time
            return .success(
                try await withThrowingTaskGroup(of: Int?.self) { group in
                    group.addTask { [request] in
                        let response = try await http.execute(request, timeout: TimeAmount(Self.callTimeout))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        return Int(response.status.code)
                    }
                    group.addTask {
                        try await Task.sleep(for: Self.callTimeout)
                        return nil
                    }
                    defer { group.cancelAll() }
                    guard let status = try await group.next() ?? nil else {
                        let seconds = Self.callTimeout.components.seconds
                        throw SSOFailure(text: "no complete answer within \(seconds) seconds")
                    }
                    return status
                }
            )
        } catch let failure as SSOFailure {
            return .failure(failure)
        } catch is NIOTooManyBytesError {
            return .failure(SSOFailure(text: "the page is larger than 1 MiB"))
        } catch {
            return .failure(SSOFailure(text: "no answer: \(error)"))
        }
    }
}
