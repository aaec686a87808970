import Foundation
import SoukCore
import SoukProviders

/// kensa's checks of a provision answer's config (PROTOCOLS §4.1), and the Scalingo tester's.
extension ConformanceRun {
    mutating func checkConfig(_ result: ProvisionResult) {
        let config = result.config ?? [:]
        let declared = Set(manifest.configVars)
        report.expect(
            "config names are all declared in the manifest",
            problems: config.keys.sorted().filter { !declared.contains($0) }.map { "\($0) is not in the manifest" }
        )
        if result.config != nil {
            // kensa only warned: a provider may set some vars later through the partner API
            for name in manifest.configVars where config[name] == nil {
                report.note("\(name) is declared but was not sent")
            }
        }
        if manifest.flavour == .heroku {
            report.expect(
                "config values are strings",
                problems: config.keys.sorted().filter { config[$0]?.stringValue == nil }.map { "\($0) is not a string" }
            )
            report.expect(
                "*_URL config values are URLs with a scheme and a host"
                    + (isProduction ? ", not on localhost" : ""),
                problems: config.keys.sorted().filter { $0.hasSuffix("_URL") }.compactMap { name in
                    config[name]?.stringValue.flatMap { urlProblem(name: name, value: $0) }
                }
            )
        }
        if manifest.logDrain {
            let check = "log_drain_url is an https:// or syslog:// URL"
            if let url = result.logDrainURL {
                report.expect(check, problems: Self.isLogDrainURL(url) ? [] : ["it is \(url)"])
            } else {
                report.fail(check, "the answer has no log_drain_url, which the manifest requires")
            }
        }
    }

    /// Why a `*_URL` value is unusable by an app, if it is.
    func urlProblem(name: String, value: String) -> String? {
        guard let components = URLComponents(string: value), let scheme = components.scheme, !scheme.isEmpty,
            var host = components.host, !host.isEmpty
        else { return "\(name) is not a URL with a scheme and a host" }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if isProduction, ProviderURL.HostKind(host: host) == .loopback {
            return "\(name) points to localhost"
        }
        return nil
    }

    /// kensa: `\A(https|syslog):\/\/[\S]+\Z`.
    static func isLogDrainURL(_ url: String) -> Bool {
        let rest = url.hasPrefix("https://") ? url.dropFirst(8) : url.hasPrefix("syslog://") ? url.dropFirst(9) : nil
        guard let rest, !rest.isEmpty else { return false }
        return !rest.contains { $0.isWhitespace }
    }
}
