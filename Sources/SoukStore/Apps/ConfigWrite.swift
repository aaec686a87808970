import Foundation
import NIOCore
import SoukCore

/// The changes of one `ConfigRepository.edit` to many apps, as the parallel arrays `ConfigWriteStatement`
/// unnests: one row per app (its release), one per var assigned and one per var removed.
struct ConfigWrite {
    var appIDs: [UUID] = []
    var releaseIDs: [UUID] = []
    var descriptions: [String] = []
    var sealedConfigs: [ByteBuffer] = []
    var assignedApps: [UUID] = []
    var assignedNames: [String] = []
    var assignedValues: [ByteBuffer] = []
    /// Arrays of optional UUIDs don't bind; '' stands for "owned by the user".
    var assignedOwners: [String] = []
    var removedApps: [UUID] = []
    var removedNames: [String] = []

    mutating func add(
        _ change: ConfigChange, to current: AppConfig, appID: UUID, ownership: ConfigOwnership, cause: ReleaseCause,
        updated: [String: String], secrets: SecretBox
    ) throws {
        appIDs.append(appID)
        releaseIDs.append(UUID())
        descriptions.append(cause.description)
        sealedConfigs.append(try secrets.sealReleaseConfig(updated, appID: appID))
        for (name, value) in change.assigned {
            assignedApps.append(appID)
            assignedNames.append(name)
            assignedValues.append(try secrets.sealConfigValue(value, appID: appID, name: name))
            let owner: String =
                switch ownership {
                case .user: ""
                case .attachment(let id): id.uuidString
                case .unchanged: current.owners[name]?.uuidString ?? ""
                }
            assignedOwners.append(owner)
        }
        for name in change.removed {
            removedApps.append(appID)
            removedNames.append(name)
        }
    }
}
