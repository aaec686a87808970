public enum AccountRole: String, Codable, Sendable, CaseIterable {
    case user
    case admin
}
