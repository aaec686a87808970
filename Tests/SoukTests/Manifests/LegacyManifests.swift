/// Manifests as older tools wrote them, verbatim but for the generated secrets.
enum LegacyManifests {
    /// `kensa init --sso get` (kensa 1.2–1.4; kensa 1.1's only form): base URL strings, no name, no regions.
    static let kensaGet = """
        {
          "id": "myaddon",
          "api": {
            "config_vars": [ "MYADDON_URL" ],
            "password": "4f1a9c0e7d2b6a8f3e5c1d9b7a0f2e4c",
            "sso_salt": "9b3e7a1c5f0d2e8a6c4b1f7d3a9e5c0b",
            "production": "https://yourapp.com/",
            "test": "http://localhost:4567/"
          }
        }
        """

    /// `kensa init` (kensa 1.2–1.4, POST SSO by default): no name, no regions.
    static let kensaPost = """
        {
          "id": "myaddon",
          "api": {
            "config_vars": [ "MYADDON_URL" ],
            "password": "4f1a9c0e7d2b6a8f3e5c1d9b7a0f2e4c",
            "sso_salt": "9b3e7a1c5f0d2e8a6c4b1f7d3a9e5c0b",
            "production": {
              "base_url": "https://yourapp.com/heroku/resources",
              "sso_url": "https://yourapp.com/sso/login"
            },
            "test": {
              "base_url": "http://localhost:4567/heroku/resources",
              "sso_url": "http://localhost:4567/sso/login"
            }
          }
        }
        """

    /// `kensa init` (kensa 1.5 onwards, from May 2013): regions `["us"]`, still no name.
    static let kensaTwo = """
        {
          "id": "myaddon",
          "api": {
            "config_vars": [ "MYADDON_URL" ],
            "regions": [ "us" ],
            "password": "4f1a9c0e7d2b6a8f3e5c1d9b7a0f2e4c",
            "sso_salt": "9b3e7a1c5f0d2e8a6c4b1f7d3a9e5c0b",
            "production": {
              "base_url": "https://yourapp.com/heroku/resources",
              "sso_url": "https://yourapp.com/sso/login"
            },
            "test": {
              "base_url": "http://localhost:4567/heroku/resources",
              "sso_url": "http://localhost:4567/sso/login"
            }
          }
        }
        """

    /// github.com/bilalaslam/django-heroku-addon, `addon-manifest.json` (the seeds' "Building a Heroku add-on
    /// for fun and profit").
    static let djangoHerokuAddon = """
        {
          "id": "guples",
          "api": {
            "config_vars": [ "GUPLES_ACCESS_URL" ],
            "password": "password_goes_here",
            "sso_salt": "salt_goes_here",
            "production": {
              "base_url": "https://yourapp.herokuapp.com/heroku/resources",
              "sso_url": "https://yourapp.herokuapp.com/sso/login"
            },
            "test": {
              "base_url": "http://localhost:8000/heroku/resources",
              "sso_url": "http://localhost:8000/sso/login"
            }
          }
        }
        """
}
