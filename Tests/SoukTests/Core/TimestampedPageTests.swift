import Foundation
import SoukCore
import Testing

/// Found by `scripts/fuzz`: `Page(all:range:own:)` called itself through a trailing closure until the stack
/// ran out, so every in-memory list of timestamped resources (a service's plans, an app's add-ons) crashed
/// the process with a segmentation fault.
@Suite("Paging timestamped resources in memory")
struct TimestampedPageTests {
    static func collaborator(_ email: String, createdSecondsAgo: Double) -> Collaborator {
        let created = Date(timeIntervalSince1970: 1_800_000_000 - createdSecondsAgo)
        return Collaborator(
            id: UUID(), app: AppReference(id: UUID(), name: "app"), user: AccountReference(id: UUID(), email: email),
            role: .collaborator, createdAt: created, updatedAt: created
        )
    }

    let all = [
        collaborator("c@example.com", createdSecondsAgo: 30), collaborator("a@example.com", createdSecondsAgo: 10),
        collaborator("b@example.com", createdSecondsAgo: 20),
    ]

    @Test("Pages by the list's own key, with Next-Range while more remain")
    func ownKey() throws {
        let range = try ListRange(header: "email ..; max=2", fields: ["email"] + ListRange.timestampedFields)
        let page = Page(all: all, range: range, own: { $0.user.email })
        #expect(page.items.map(\.user.email) == ["a@example.com", "b@example.com"])
        #expect(page.nextRange == "email ]b@example.com..; max=2, order=asc")
    }

    @Test("Pages by created_at")
    func createdAt() throws {
        let range = try ListRange(header: "created_at ..", fields: ["email"] + ListRange.timestampedFields)
        let page = Page(all: all, range: range, own: { $0.user.email })
        #expect(page.items.map(\.user.email) == ["c@example.com", "b@example.com", "a@example.com"])
        #expect(page.nextRange == nil)
    }
}
