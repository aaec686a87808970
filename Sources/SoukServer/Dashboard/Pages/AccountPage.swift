import SoukCore

/// `/dashboard/account`: who is signed in, the password form, and the account's API keys.
struct AccountPage: Sendable {
    struct Key: Sendable {
        var id: String
        var description: String
        var created: String
    }

    var email: String
    var role: String
    var createdAt: String
    var keys: [Key]
    /// A key made by this request, shown once.
    var newKey: String?

    init(account: Account, keys: [Authorization], newKey: String?) {
        email = account.email
        role = account.role.rawValue
        createdAt = Dates.day(account.createdAt)
        self.keys = keys.map {
            Key(
                id: $0.id.lowercasedString, description: $0.description.isEmpty ? "(no description)" : $0.description,
                created: Dates.minute($0.createdAt))
        }
        self.newKey = newKey
    }
}
