import ArgumentParser
import Foundation
import SoukCore

/// `souk admin:attachments`: every attachment on the platform, newest first.
struct AdminAttachmentsCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "admin:attachments",
        abstract: "List add-on attachments across the platform (admins only).",
        discussion: """
            Newest first, 100 unless --limit says otherwise; filters combine.
            Example:
              $ souk admin:attachments --owner ada@example.com
              Attachment  App       Add-on         Billing app  Created
              ──────────  ────────  ─────────────  ───────────  ────────────────────
              EB          ada-blog  eb-brave-1234  ada-blog     2026-11-23T07:00:00Z
              BACKUP_EB   ada-shop  eb-brave-1234  ada-blog     2026-11-22T18:30:00Z
            """
    )

    @OptionGroup var filters: AdminListingOptions
    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let attachments: [Attachment] = try await filters.fetch("/admin/addon-attachments", client: APIClient())
        if output.json { return try JSONOutput.print(attachments) }
        guard !attachments.isEmpty else { return Terminal.print("No attachments.") }
        Table(
            columns: ["Attachment", "App", "Add-on", "Billing app", "Created"],
            rows: attachments.map { attachment in
                [
                    attachment.name, attachment.app.name, attachment.addon.name, attachment.addon.app.name,
                    attachment.createdAt.formatted(.iso8601),
                ]
            }
        ).print()
    }
}
