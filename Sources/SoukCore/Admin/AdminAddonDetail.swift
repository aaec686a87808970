/// `GET /admin/addons/{id}`: the add-on, where it is attached, what Souk said to its provider, and the
/// work still queued for it.
public struct AdminAddonDetail: Codable, Sendable, Equatable {
    public var addon: Addon
    public var attachments: [Attachment]
    public var providerCalls: [ProviderCallEntry]
    public var jobs: [JobSummary]

    public init(addon: Addon, attachments: [Attachment], providerCalls: [ProviderCallEntry], jobs: [JobSummary]) {
        self.addon = addon
        self.attachments = attachments
        self.providerCalls = providerCalls
        self.jobs = jobs
    }

    enum CodingKeys: String, CodingKey {
        case attachments, jobs
        case providerCalls = "provider_calls"
    }

    public init(from decoder: any Decoder) throws {
        addon = try Addon(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        attachments = try container.decode([Attachment].self, forKey: .attachments)
        providerCalls = try container.decode([ProviderCallEntry].self, forKey: .providerCalls)
        jobs = try container.decode([JobSummary].self, forKey: .jobs)
    }

    public func encode(to encoder: any Encoder) throws {
        try addon.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attachments, forKey: .attachments)
        try container.encode(providerCalls, forKey: .providerCalls)
        try container.encode(jobs, forKey: .jobs)
    }
}
