/// `POST /apps/{app}/addons`, as Heroku clients send it: `plan` as a string or `{"name": …}`.
public struct CreateAddonRequest: Decodable, Sendable {
    public struct Attachment: Decodable, Sendable {
        public var name: String?
    }

    public var plan: String
    public var attachment: Attachment?
    public var config: [String: String]?
    public var name: String?
    public var confirm: String?

    enum CodingKeys: String, CodingKey { case plan, attachment, config, name, confirm }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plan = try container.decode(PlanField.self, forKey: .plan).name
        attachment = try container.decodeIfPresent(Attachment.self, forKey: .attachment)
        config = try container.decodeIfPresent([String: String].self, forKey: .config)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        confirm = try container.decodeIfPresent(String.self, forKey: .confirm)
    }
}
