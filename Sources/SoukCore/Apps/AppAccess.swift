/// An app as one caller sees it: the app, and whether the caller owns it or collaborates on it.
public struct AppAccess: Sendable, Equatable {
    public var app: App
    public var role: Collaborator.Role

    public init(app: App, role: Collaborator.Role) {
        self.app = app
        self.role = role
    }

    public var isOwner: Bool { role == .owner }
}
