import SoukCore

extension APIClient {
    /// The app's newest `count` releases, newest first.
    func releases(of app: String, newest count: Int) async throws -> [Release] {
        try await get("/apps/\(segment(app))/releases", range: "version ..; order=desc, max=\(count)")
    }

    /// The version of the app's newest release.
    func currentVersion(of app: String) async throws -> Int? {
        try await releases(of: app, newest: 1).first?.version
    }
}

extension Progress {
    /// The ending of a change that cut a release: `done, v12`.
    static func released(_ version: Int?) -> String {
        version.map { "done, v\($0)" } ?? "done"
    }
}
