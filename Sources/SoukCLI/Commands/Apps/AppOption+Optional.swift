import Foundation

extension AppOption {
    /// `-a APP`, else `SOUK_APP`, for commands that also work without an app.
    var optional: String? {
        (app ?? ProcessInfo.processInfo.environment["SOUK_APP"]).flatMap { $0.isEmpty ? nil : $0 }
    }
}
