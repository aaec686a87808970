import Foundation

/// An add-on's attachments as a transaction read them under the add-on's lock, in app-id order, and which of
/// their apps it has locked since, in id order: a config edit across them takes no lock of its own.
struct LockedAttachments {
    var list: [(id: UUID, appID: UUID, name: String)]
    var lockedApps: Set<UUID>
}
