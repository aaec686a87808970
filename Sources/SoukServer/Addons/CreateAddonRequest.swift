/// `POST /apps/{app}/addons`, as Heroku clients send it: `plan` as a string or `{"name": …}`.
struct CreateAddonRequest: Decodable, Sendable {
    struct Attachment: Decodable, Sendable {
        var name: String?
    }

    var plan: String
    var attachment: Attachment?
    var config: [String: String]?
    var name: String?
    var confirm: String?

    enum CodingKeys: String, CodingKey { case plan, attachment, config, name, confirm }

    /// An install from the dashboard: a plan and perhaps a name.
    init(plan: String, name: String?) {
        self.plan = plan
        self.name = name
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plan = try container.decode(PlanField.self, forKey: .plan).name
        attachment = try container.decodeIfPresent(Attachment.self, forKey: .attachment)
        config = try container.decodeIfPresent([String: String].self, forKey: .config)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        confirm = try container.decodeIfPresent(String.self, forKey: .confirm)
    }
}
