import Foundation
import SoukCore

extension Authorization {
    /// What `authorizations:create`, `:info` and `:rotate` print, as the Heroku CLI words it.
    func printInfo() {
        var pairs = [
            ("ID", id.lowercasedString), ("Description", description), ("Scope", scope.joined(separator: ",")),
        ]
        if let token = accessToken.token { pairs.append(("Token", token)) }
        if let expiresIn = accessToken.expiresIn { pairs.append(("Expires in", "\(expiresIn) seconds")) }
        pairs.append(("Updated at", updatedAt.formatted(.iso8601)))
        KeyValues(pairs).print()
    }
}
