/// What an admin narrows a platform-wide listing to: a service (slug or id), an app (name or id), the
/// app owner's email, an add-on state. `nil` means any.
public struct AdminFilter: Sendable, Equatable {
    public var service: String?
    public var app: String?
    public var ownerEmail: String?
    public var state: AddonState?

    public init(service: String? = nil, app: String? = nil, ownerEmail: String? = nil, state: AddonState? = nil) {
        self.service = service
        self.app = app
        self.ownerEmail = ownerEmail
        self.state = state
    }
}
