import Foundation
import SoukCore

/// A page of Souk's calls to a provider, newest first, with the link to the next page.
struct CallLog: Sendable {
    struct Row: Sendable {
        var time: String
        var method: String
        var url: String
        var status: String
        var duration: String
        var error: String?
        var failed: Bool
    }

    var calls: [Row]
    var next: String?
    /// Stored: templates see only stored properties.
    let isEmpty: Bool

    /// `fetched` holds one more than a page when there is a next one; `link` builds its address from the last id.
    init(fetched: [ProviderCallEntry], limit: Int, link: (UUID) -> String) {
        let page = fetched.prefix(limit)
        calls = page.map {
            Row(
                time: Dates.minute($0.createdAt), method: $0.method, url: $0.url,
                status: $0.status.map(String.init) ?? "no answer",
                duration: "\(Int($0.durationMilliseconds.rounded())) ms", error: $0.error,
                failed: $0.status.map { $0 >= 400 } ?? true)
        }
        next = fetched.count > limit ? page.last.map { link($0.id) } : nil
        isEmpty = calls.isEmpty
    }
}
