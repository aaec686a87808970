import SoukCore

/// The starting manifests `addons:admin:manifest:generate` prints. Everything interpolated is a valid slug, a
/// name made from it or an alphanumeric secret, so the text needs no escaping.
enum ManifestTemplate {
    static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// 32 random alphanumeric characters, as Heroku's generator makes passwords and salts (no `:`, which some
    /// providers' Basic auth parsing chokes on).
    static func secret() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in secretAlphabet.randomElement(using: &generator)! })
    }

    /// `my-addon` → `My Addon`.
    static func humanName(fromSlug slug: String) -> String {
        slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    static func manifest(flavour: ManifestFlavour, slug: String) -> String {
        switch flavour {
        case .heroku: heroku(slug: slug, password: secret(), ssoSalt: secret())
        case .scalingo, .osb: scalingo(slug: slug, password: secret(), ssoSalt: secret())
        }
    }

    static func heroku(slug: String, password: String, ssoSalt: String) -> String {
        let prefix = ConfigVarPrefix.derived(fromSlug: slug)
        return """
            {
              "id": "\(slug)",
              "name": "\(humanName(fromSlug: slug))",
              "api": {
                "config_vars_prefix": "\(prefix)",
                "config_vars": ["\(prefix)_URL"],
                "password": "\(password)",
                "sso_salt": "\(ssoSalt)",
                "regions": ["us", "eu"],
                "requires": [],
                "version": "3",
                "production": {
                  "base_url": "https://\(slug).example.com/heroku/resources",
                  "sso_url": "https://\(slug).example.com/sso/login"
                },
                "test": {
                  "base_url": "http://localhost:3000/heroku/resources",
                  "sso_url": "http://localhost:3000/sso/login"
                }
              },
              "plans": [
                {"name": "basic", "human_name": "Basic", "default": true},
                {"name": "premium", "human_name": "Premium", "price": {"cents": 1000, "unit": "month"}}
              ]
            }
            """
    }

    static func scalingo(slug: String, password: String, ssoSalt: String) -> String {
        let name = humanName(fromSlug: slug)
        let prefix = ConfigVarPrefix.derived(fromSlug: slug)
        // Scalingo derives the slug from the name; an `id` keeps the chosen one when that would differ
        let id = ManifestChecks.derivedSlug(fromName: name) == slug ? "" : "\n  \"id\": \"\(slug)\","
        return """
            {\(id)
              "name": "\(name)",
              "username": "\(slug)",
              "password": "\(password)",
              "sso_salt": "\(ssoSalt)",
              "logo_url": "https://\(slug).example.com/logo.png",
              "short_description": "What \(name) does, in one line",
              "description": "# \(name)\\n\\nWhat \(name) gives an app, in markdown.",
              "log_drain": false,
              "config_vars": ["\(prefix)_URL"],
              "production": {
                "base_url": "https://\(slug).example.com/scalingo/resources",
                "sso_url": "https://\(slug).example.com/scalingo/sso"
              },
              "test": {
                "base_url": "http://localhost:3000/scalingo/resources",
                "sso_url": "http://localhost:3000/scalingo/sso"
              },
              "plans": [
                {"name": "free", "display_name": "Free", "price": 0, "description": "To try \(name) out"},
                {"name": "premium", "display_name": "Premium", "price": 30, "description": "For production apps"}
              ]
            }
            """
    }
}
