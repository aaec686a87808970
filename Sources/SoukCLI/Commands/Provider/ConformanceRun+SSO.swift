import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SoukCore

/// Single sign-on, with tokens built by the platform's own `SSOTokenBuilder`: a fresh valid one must get the
/// customer in; one signed with another salt, one with its last character changed, and valid ones stamped
/// 5 minutes 1 second in the past or in the future must all get 403, as kensa demanded of refusals.
///
/// Real windows run from 2 to 5 minutes (PROTOCOLS §6), so a token 5 min 1 s old is refused by every provider
/// with a window of 5 minutes or less: a longer one (or none) fails. No real provider refuses future timestamps,
/// yet one that accepts them lets a token stamped ahead live as long as its maker likes, so accepting one fails
/// too. A refusal is 403; 200, 302 or 303 let the customer in (the failure names the defect), and any other
/// status is a refusal of the wrong kind.
extension ConformanceRun {
    /// Past the longest window a provider may keep (5 minutes), by one second.
    static let skewSeconds = 5 * 60 + 1

    struct SSOAttempt {
        var check: String
        var handOff: SSOHandOff
        var accepted: Set<Int>
        /// What letting this one in says about the provider, in one line; nil for the valid token.
        var defect: String?
    }

    static let signOnStatuses: Set<Int> = [200, 302, 303]

    var ssoChecks: [String] {
        [
            "single sign-on with a valid token answers 200, 302 or 303",
            "single sign-on with an invalid token answers 403",
            "single sign-on with a token whose last character is changed answers 403",
            "single sign-on with a timestamp 5 minutes 1 second old answers 403",
            "single sign-on with a timestamp 5 minutes 1 second in the future answers 403",
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
        let salt = manifest.ssoSalt
        for attempt in Self.ssoAttempts(checks, subject: subject, salt: salt, now: Int(Date().timeIntervalSince1970)) {
            switch await send(attempt.handOff) {
            case .success(let status) where attempt.accepted.contains(status):
                report.pass(attempt.check)
            case .success(let status) where Self.signOnStatuses.contains(status):
                report.fail(attempt.check, (attempt.defect.map { "\($0): " } ?? "") + "it answered \(status)")
            case .success(let status) where attempt.defect != nil:
                report.fail(attempt.check, "it answered \(status); a refused sign-on answers 403")
            case .success(let status):
                report.fail(attempt.check, "it answered \(status)")
            case .failure(let reason):
                report.fail(attempt.check, reason.text)
            }
        }
    }

    /// The hand-offs to try, in the order of `checks`, each stamped from `now`.
    static func ssoAttempts(_ checks: [String], subject: SSOSubject, salt: String, now: Int) -> [SSOAttempt] {
        let valid = SSOTokenBuilder(salt: salt, timestamp: now).handOff(subject)
        return [
            SSOAttempt(check: checks[0], handOff: valid, accepted: signOnStatuses),
            SSOAttempt(
                check: checks[1],
                handOff: SSOTokenBuilder(salt: ManifestTemplate.secret(), timestamp: now).handOff(subject),
                accepted: [403],
                defect: "lets in a token signed with another salt (the token is not checked)"
            ),
            SSOAttempt(
                check: checks[2], handOff: tamperingLastCharacter(of: valid), accepted: [403],
                defect: "lets in a token that differs in its last character"
                    + " (only part of it is compared; compare all of it, in constant time)"
            ),
            SSOAttempt(
                check: checks[3],
                handOff: SSOTokenBuilder(salt: salt, timestamp: now - skewSeconds).handOff(subject),
                accepted: [403],
                defect: "lets in a token 5 minutes 1 second old"
                    + " (no freshness window, or one over 5 minutes: a leaked token stays usable)"
            ),
            SSOAttempt(
                check: checks[4],
                handOff: SSOTokenBuilder(salt: salt, timestamp: now + skewSeconds).handOff(subject),
                accepted: [403],
                defect: "lets in a token stamped 5 minutes 1 second ahead"
                    + " (only the past is bounded, so a token stamped ahead lives as long as its maker likes)"
            ),
        ]
    }

    /// `handOff` with the last character of every token changed, in its params and in a GET link's query.
    static func tamperingLastCharacter(of handOff: SSOHandOff) -> SSOHandOff {
        var tampered = handOff
        for (name, token) in handOff.params where name == "token" || name.hasSuffix("_token") {
            guard let last = token.last else { continue }
            let changed = String(token.dropLast()) + (last == "0" ? "1" : "0")
            tampered.params[name] = changed
            // tokens are hex, which percent-encoding leaves alone, and long enough to be unique in the URL
            tampered.action = tampered.action.replacingOccurrences(of: "=\(token)", with: "=\(changed)")
        }
        return tampered
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
