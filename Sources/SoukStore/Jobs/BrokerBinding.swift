import Foundation

/// A binding of a broker add-on for an app beyond its billing binding: it becomes the attachment `name` in
/// the app, with the attachment's id as the binding id.
public struct BrokerBinding: Sendable, Equatable, Codable {
    public var id: UUID
    public var appID: UUID
    public var appName: String
    public var name: String
    /// Who asked, for the release and for `X-Broker-API-Originating-Identity`.
    public var actor: UUID?

    public init(id: UUID, appID: UUID, appName: String, name: String, actor: UUID?) {
        self.id = id
        self.appID = appID
        self.appName = appName
        self.name = name
        self.actor = actor
    }

    enum CodingKeys: String, CodingKey {
        case id
        case appID = "app_id"
        case appName = "app_name"
        case name
        case actor
    }
}
