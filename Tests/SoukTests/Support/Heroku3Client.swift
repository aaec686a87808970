import Foundation

/// heroku3 (PyPI), the Python client of Heroku's Platform API, unmodified: `scripts/lib/heroku3-client.py`
/// drives it through a customer's session and prints what it made of each answer. `scripts/test` installs it
/// into `.data/heroku3-venv` and names its Python in `SOUK_HEROKU3_PYTHON`; without it, `python3`.
enum Heroku3Client {
    /// The script's report: each step's result by name, and `errors`, each step that raised and why.
    static func session(
        baseURL: String, key: String, app: String, plan: String, otherPlan: String, collaborator: String
    ) async throws -> [String: Any] {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["SOUK_HEROKU3_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        let script = SoukProcess.repositoryRoot.appendingPathComponent("scripts/lib/heroku3-client.py").path
        let result = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), [python, script, baseURL, key, app, plan, otherPlan, collaborator],
            environment: environment.filter { !$0.key.hasPrefix("SOUK_") && $0.key != "DATABASE_URL" })
        guard result.status == 0,
            let report = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else {
            throw TestFailure("heroku3-client.py exited \(result.status): \(result.stdout)\n\(result.stderr)")
        }
        return report
    }
}
