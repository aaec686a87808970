import SoukCore

/// `/dashboard/admin/services`: every service with its state and the moves an admin may make.
struct AdminServicesPage: Sendable {
    struct Move: Sendable {
        var state: String
        var label: String
    }

    struct Row: Sendable {
        var slug: String
        var name: String
        var state: String
        var moves: [Move]
    }

    var services: [Row]
    /// Stored: templates see only stored properties.
    let isEmpty: Bool

    init(services: [AddonService]) {
        self.services = services.map {
            Row(slug: $0.name, name: $0.humanName, state: $0.state.rawValue, moves: Self.moves(from: $0.state))
        }
        isEmpty = self.services.isEmpty
    }

    /// alpha → beta → ga, and anything but a shut-down service can be shut down.
    static func moves(from state: ServiceState) -> [Move] {
        switch state {
        case .alpha: [Move(state: "beta", label: "Promote to beta"), Move(state: "shutdown", label: "Shut down")]
        case .beta: [Move(state: "ga", label: "Promote to ga"), Move(state: "shutdown", label: "Shut down")]
        case .ga: [Move(state: "shutdown", label: "Shut down")]
        case .shutdown: []
        }
    }
}
