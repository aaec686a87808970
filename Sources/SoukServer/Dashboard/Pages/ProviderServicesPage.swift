import Foundation
import SoukCore

/// `/dashboard/provider`: the viewer's services as their provider.
struct ProviderServicesPage: Sendable {
    struct Row: Sendable {
        var slug: String
        var name: String
        var state: String
        var flavour: String
        var version: Int
    }

    var services: [Row]
    /// Stored: templates see only stored properties.
    let isEmpty: Bool

    init(services: [ProviderAddonService]) {
        self.services = services.map {
            Row(
                slug: $0.service.name, name: $0.service.humanName, state: $0.service.state.rawValue,
                flavour: $0.flavour.rawValue, version: $0.manifestVersion)
        }
        isEmpty = self.services.isEmpty
    }
}
