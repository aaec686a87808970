import Foundation
import SoukCore
import Testing

@Suite("Single sign-on tokens, against PROTOCOLS §6's worked examples")
struct SSOTokenBuilderTests {
    static let salt = "2f97bfa52ca102f8874716e2eb1d3b4920ad0be4"
    static let resourceID = UUID(uuidString: "01234567-89ab-cdef-0123-456789abcdef")!
    static let userID = UUID(uuidString: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a")!
    let builder = SSOTokenBuilder(salt: salt, timestamp: 1_267_597_772)

    func subject(
        _ flavour: ManifestFlavour, ssoURL: String = "https://provider.example/sso", extras: [String: String] = [:]
    )
        -> SSOSubject
    {
        SSOSubject(
            flavour: flavour, ssoURL: ssoURL, providerID: "123", addonID: Self.resourceID, userID: Self.userID,
            email: "user@example.com", app: "myapp", contextApp: "myapp-staging", serviceSlug: "example",
            serviceName: "Example", extras: extras
        )
    }

    @Test("The three digests match the worked examples")
    func workedExamples() {
        #expect(builder.token(id: "123") == "bb466eb1d6bc345d11072c3cd25c311f21be130d")
        #expect(builder.resourceToken(resourceID: Self.resourceID) == "7659cc00fc08ff8b7bb76cd8c9762bcf528b4173")
        #expect(
            builder.userScopedResourceToken(resourceID: Self.resourceID, userID: Self.userID, email: "user@example.com")
                == "8686d121267e487e79618ceb718fa0cc75918455a8a59094859c7e218c3644b5"
        )
    }

    @Test("nav-data is the example's JSON, byte for byte, in base64url without padding")
    func navData() {
        let nav = NavData(
            addon: "Example", appName: "myapp", addons: [.init(slug: "example", name: "Example", current: true)])
        #expect(
            nav.json
                == #"{"addon":"Example","appname":"myapp","addons":[{"slug":"example","name":"Example","current":true}]}"#
        )
        #expect(
            nav.encoded
                == "eyJhZGRvbiI6IkV4YW1wbGUiLCJhcHBuYW1lIjoibXlhcHAiLCJhZGRvbnMiOlt7InNsdWciOiJleGFtcGxlIiwibmFtZSI6IkV4YW1wbGUiLCJjdXJyZW50Ijp0cnVlfV19"
        )
        let tricky = NavData(addon: "Q\"uote\\/\n", appName: "é", addons: [])
        #expect(tricky.json == #"{"addon":"Q\"uote\\/\n","appname":"é","addons":[]}"#)
        #expect(!tricky.encoded.contains("=") && !tricky.encoded.contains("+") && !tricky.encoded.contains("/"))
    }

    @Test("Heroku flavour: a POSTed form with every v1, v3 and user-scoped field")
    func heroku() {
        let handOff = builder.handOff(subject(.heroku))
        #expect(handOff.method == .post)
        #expect(handOff.action == "https://provider.example/sso")
        #expect(
            handOff.params == [
                "id": "123",
                "token": "bb466eb1d6bc345d11072c3cd25c311f21be130d",
                "resource_id": "01234567-89ab-cdef-0123-456789abcdef",
                "resource_token": "7659cc00fc08ff8b7bb76cd8c9762bcf528b4173",
                "user_scoped_resource_token": "8686d121267e487e79618ceb718fa0cc75918455a8a59094859c7e218c3644b5",
                "timestamp": "1267597772",
                "email": "user@example.com",
                "user_id": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
                "app": "myapp",
                "context_app": "myapp-staging",
                "nav-data": NavData(
                    addon: "Example", appName: "myapp-staging",
                    addons: [.init(slug: "example", name: "Example", current: true)]
                ).encoded,
            ]
        )
    }

    @Test("Heroku flavour: extras are passed on but never replace a field Souk sets")
    func herokuExtras() {
        let extras = [
            "issue_no": "42", "token": "forged", "email": "boss@example.com", "nav-data": "x", "app": "other",
        ]
        let params = builder.handOff(subject(.heroku, extras: extras)).params
        #expect(params["issue_no"] == "42")
        #expect(params["token"] == "bb466eb1d6bc345d11072c3cd25c311f21be130d")
        #expect(params["email"] == "user@example.com")
        #expect(params["app"] == "myapp")
        #expect(params["nav-data"] != "x")
        #expect(params.count == 12)
    }

    @Test("Scalingo flavour: the example URL")
    func scalingoExample() {
        let builder = SSOTokenBuilder(salt: "esidTavOnreboudWavwoadBildyon3", timestamp: 1_600_073_910)
        var subject = subject(.scalingo, ssoURL: "https://dashboard.myaddon.com/sso")
        subject.providerID = "addon-id-1"
        let handOff = builder.handOff(subject)
        #expect(handOff.method == .get)
        #expect(
            handOff.action
                == "https://dashboard.myaddon.com/sso?id=addon-id-1&timestamp=1600073910&token=9fc68c475e6c4d6bee13fb42fcba0cd9f5975c17"
        )
        #expect(
            handOff.params
                == ["id": "addon-id-1", "timestamp": "1600073910", "token": "9fc68c475e6c4d6bee13fb42fcba0cd9f5975c17"]
        )
    }

    @Test(
        "Scalingo flavour: & joins an existing query, a fragment stays last",
        arguments: [
            ("https://p.example/sso", "https://p.example/sso?id=123&"),
            ("https://p.example/sso?lang=fr", "https://p.example/sso?lang=fr&id=123&"),
            ("https://p.example/sso?", "https://p.example/sso?id=123&"),
            ("https://p.example/sso?lang=fr&", "https://p.example/sso?lang=fr&id=123&"),
            ("https://p.example/sso#top", "https://p.example/sso?id=123&"),
        ]
    )
    func scalingoQueryJoining(ssoURL: String, prefix: String) {
        let action = builder.handOff(subject(.scalingo, ssoURL: ssoURL)).action
        #expect(action.hasPrefix(prefix), "\(action)")
        #expect(action.contains("&token=bb466eb1d6bc345d11072c3cd25c311f21be130d"))
        #expect(action.hasSuffix(ssoURL.hasSuffix("#top") ? "#top" : "bb466eb1d6bc345d11072c3cd25c311f21be130d"))
    }

    @Test(
        "Scalingo flavour: extras follow the token, percent-encoded and sorted; they never replace id, timestamp or token"
    )
    func scalingoExtras() {
        let extras = ["issue_no": "42", "q": "a b&c=d/é", "token": "forged", "id": "999", "näme": "x"]
        let handOff = builder.handOff(subject(.scalingo, extras: extras))
        #expect(
            handOff.action
                == "https://provider.example/sso?id=123&timestamp=1267597772&token=bb466eb1d6bc345d11072c3cd25c311f21be130d"
                + "&issue_no=42&n%C3%A4me=x&q=a%20b%26c%3Dd%2F%C3%A9"
        )
        #expect(handOff.params["token"] == "bb466eb1d6bc345d11072c3cd25c311f21be130d")
        #expect(handOff.params["id"] == "123")
        #expect(handOff.params["q"] == "a b&c=d/é")
        #expect(handOff.params.count == 6)
    }

    @Test("The provider id is used as stored and percent-encoded in the Scalingo link")
    func providerIDAsStored() {
        var subject = subject(.scalingo)
        subject.providerID = "a/b c"
        let handOff = builder.handOff(subject)
        #expect(handOff.action.contains("?id=a%2Fb%20c&"))
        #expect(handOff.params["token"] == builder.token(id: "a/b c"))
    }
}
