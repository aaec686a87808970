import Foundation

/// Manifests for tests, with unique slugs: the Heroku example of PROTOCOLS.md §4.1 and Scalingo's own example.
enum Manifests {
    static func uniqueSlug(_ prefix: String = "addon") -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    static func heroku(
        slug: String = uniqueSlug(), password: String = "GqAGAmdrnkDFcvR9", plans: [[String: Any]]? = nil
    )
        -> [String: Any]
    {
        let prefix = slug.uppercased().replacingOccurrences(of: "-", with: "_")
        var manifest: [String: Any] = [
            "id": slug,
            "name": "Errorbucket \(slug)",
            "api": [
                "config_vars_prefix": prefix,
                "config_vars": ["\(prefix)_URL", "\(prefix)_TOKEN"],
                "password": password,
                "sso_salt": "7CwqmJLEjv8YZTXK",
                "regions": ["us", "eu"],
                "requires": ["attachable"],
                "version": "3",
                "production": [
                    "base_url": "https://errorbucket.example.com/heroku/resources",
                    "sso_url": "https://errorbucket.example.com/sso/login",
                ],
                "test": [
                    "base_url": "http://localhost:3000/heroku/resources",
                    "sso_url": "http://localhost:3000/sso/login",
                ],
            ] as [String: Any],
        ]
        if let plans { manifest["plans"] = plans }
        return manifest
    }

    static func scalingo(
        name: String = "Example \(UUID().uuidString.prefix(8))", password: String = "samyoiHissowdOnHugyorOidepguJa"
    )
        -> [String: Any]
    {
        [
            "name": name,
            "username": "username-for-basic-auth",
            "password": password,
            "sso_salt": "esidTavOnreboudWavwoadBildyon3",
            "logo_url": "//cdn.myaddon.com/logo.png",
            "short_description": "This addon is providing an awesome tool",
            "description": "# Example Addon\n## What we provide\n This is an awesome markdown description",
            "config_vars": ["EXAMPLE_VARIABLE_1"],
            "production": [
                "base_url": "https://myaddon.com/resources", "sso_url": "https://dashboard.myaddon.com/sso",
            ],
            "test": ["base_url": "http://localhost:3000/resources", "sso_url": "https://localhost:3001/sso"],
            "plans": [
                [
                    "name": "free", "display_name": "Free Tier addon", "price": 0.0,
                    "description": "Markdown description of the plan",
                ],
                [
                    "name": "premium", "display_name": "Premium addon", "price": 30.0,
                    "description": "Markdown description of the plan",
                ],
            ],
        ]
    }

    /// The slug Scalingo derives from a name: lower-cased, other runs become `-`.
    static func scalingoSlug(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { !($0.isLetter && $0.isASCII) && !($0.isNumber && $0.isASCII) })
            .joined(separator: "-")
    }
}
