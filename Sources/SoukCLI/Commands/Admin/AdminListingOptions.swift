import ArgumentParser
import Foundation
import NIOHTTP1
import SoukCore

/// The filters and the size of `admin:addons` and `admin:attachments`, and the paged fetch they share.
struct AdminListingOptions: ParsableArguments {
    @Option(name: .long, help: "Only add-ons of this service (slug or id).")
    var service: String?

    @Option(name: .long, help: "Only this app (name or id).")
    var app: String?

    @Option(name: .long, help: "Only apps owned by this email.")
    var owner: String?

    @Option(name: .long, help: "Only add-ons in this state: provisioning, provisioned or deprovisioned.")
    var state: String?

    @Option(name: .long, help: "At most this many rows, newest first.")
    var limit = 100

    @Option(name: .long, help: ArgumentHelp("Rows per request.", visibility: .private))
    var pageSize: Int?

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1.") }
        if let pageSize, !(1...1000).contains(pageSize) {
            throw ValidationError("--page-size must be between 1 and 1000.")
        }
    }

    /// `?service=…&owner=…`, each value percent-encoded (an email's `+` would otherwise read as a space).
    var query: String {
        let filters = [("service", service), ("app", app), ("owner", owner), ("state", state)]
            .compactMap { name, value in value.map { "\(name)=\(segment($0))" } }
        return filters.isEmpty ? "" : "?" + filters.joined(separator: "&")
    }

    /// Up to `limit` rows of the listing at `path`, newest first, following `Next-Range` page by page.
    func fetch<Row: Decodable>(_ path: String, as type: Row.Type = Row.self, client: APIClient) async throws -> [Row] {
        var rows: [Row] = []
        var range: String? = "id ..; max=\(pageSize ?? min(limit, 1000))"
        while let current = range, rows.count < limit {
            let response = try await client.send("GET", path + query, range: current)
            do {
                rows += try SoukJSON.makeDecoder().decode([Row].self, from: response.body)
            } catch {
                throw CLIError.message("Unexpected answer from \(client.credentials.baseURL): \(error)")
            }
            range = response.status == 206 ? response.headers.first(name: "Next-Range") : nil
        }
        return Array(rows.prefix(limit))
    }
}
