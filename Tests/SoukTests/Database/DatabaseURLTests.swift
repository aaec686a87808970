import Foundation
import PostgresNIO
import SoukStore
import Testing

struct DatabaseURLTests {
    @Test func fullURL() throws {
        let url = "postgres://souk:s3cret@db.example.com:6543/souk_prod"
        let configuration = try PostgresClient.Configuration(url: url)
        #expect(configuration.host == "db.example.com")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "souk")
        #expect(configuration.password == "s3cret")
        #expect(configuration.database == "souk_prod")
        #expect(configuration.options.maximumConnections == 20)
    }

    @Test("Several hosts, as libpq takes them: one configuration each, in order, each with its port or the default")
    func severalHosts() throws {
        let url =
            "postgres://souk:pw@db1.example.com:5433,db2.example.com,[::1]:5499/souk?target_session_attrs=read-write"
        let pools = try PostgresClient.Configuration.all(url: url)
        #expect(pools.map(\.host) == ["db1.example.com", "db2.example.com", "::1"])
        #expect(pools.map(\.port) == [5433, 5432, 5499])
        #expect(pools.allSatisfy { $0.username == "souk" && $0.password == "pw" && $0.database == "souk" })
        let connections = try PostgresConnection.Configuration.all(url: url)
        #expect(connections.map(\.host) == ["db1.example.com", "db2.example.com", "::1"])
        #expect(try PostgresConnection.Configuration.requiresPrimary(url: url))
        #expect(
            try PostgresConnection.Configuration.requiresPrimary(
                url: url.replacingOccurrences(of: "read-write", with: "primary")))
        #expect(try !PostgresConnection.Configuration.requiresPrimary(url: "postgres://u@h1,h2/db"))
        // The first host is the single configuration's.
        #expect(try PostgresClient.Configuration(url: url).host == "db1.example.com")
        #expect(try PostgresClient.Configuration.all(url: "postgres://u@h/db?port=6000").map(\.port) == [6000])
    }

    @Test func defaultsPortAndDatabase() throws {
        let configuration = try PostgresClient.Configuration(url: "postgresql://alice@127.0.0.1")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 5432)
        #expect(configuration.password == nil)
        #expect(configuration.database == "alice")
    }

    @Test func percentDecodesPasswordUserAndDatabase() throws {
        let url = "postgres://al%40ce:p%40ss%3Aw%2Fo%25rd@localhost/my%20db"
        let configuration = try PostgresClient.Configuration(url: url)
        #expect(configuration.username == "al@ce")
        #expect(configuration.password == "p@ss:w/o%rd")
        #expect(configuration.database == "my db")
    }

    @Test func unescapedSpecialCharactersStayInThePassword() throws {
        let configuration = try PostgresClient.Configuration(url: "postgres://u:a@b/c?d#e@localhost:5433/db")
        #expect(configuration.password == "a@b/c?d#e")
        #expect(configuration.host == "localhost")
        #expect(configuration.port == 5433)
        #expect(configuration.database == "db")
    }

    @Test func bracketedIPv6Host() throws {
        let configuration = try PostgresClient.Configuration(url: "postgres://u@[::1]:5499/db")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 5499)
        let withoutPort = try PostgresClient.Configuration(url: "postgres://u@[2001:db8::7]/db")
        #expect(withoutPort.host == "2001:db8::7")
        #expect(withoutPort.port == 5432)
    }

    @Test func unixSocketDirectory() throws {
        let configuration = try PostgresClient.Configuration(url: "postgres://u@/db?host=/var/run/postgresql&port=5433")
        #expect(configuration.unixSocketPath == "/var/run/postgresql/.s.PGSQL.5433")
        #expect(configuration.host == nil)
        let encoded = try PostgresClient.Configuration(url: "postgres://u@localhost/db?host=%2Ftmp%2Fpg")
        #expect(encoded.unixSocketPath == "/tmp/pg/.s.PGSQL.5432")
    }

    @Test(arguments: ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"])
    func acceptsSSLModes(_ mode: String) throws {
        _ = try PostgresClient.Configuration(url: "postgres://u@localhost/db?sslmode=\(mode)")
    }

    @Test func poolSizeAndStartupParameters() throws {
        let configuration = try PostgresClient.Configuration(
            url: "postgres://u@localhost/db?application_name=souk-web&connect_timeout=3",
            maximumConnections: 7
        )
        #expect(configuration.options.maximumConnections == 7)
        #expect(configuration.options.connectTimeout == .seconds(3))
        #expect(configuration.options.additionalStartupParameters.map(\.1) == ["souk-web"])
    }

    @Test(arguments: [
        ("mysql://u@localhost/db", DatabaseURLError.unsupportedScheme),
        ("localhost:5432", .unsupportedScheme),
        ("postgres://localhost/db", .missingUser),
        ("postgres://u@/db", .missingHost),
        ("postgres://u@local_host!/db", .invalidHost("local_host!")),
        ("postgres://u@[::1/db", .invalidHost("[::1")),
        ("postgres://u@localhost:99999/db", .invalidPort),
        ("postgres://u@localhost:54x/db", .invalidPort),
        ("postgres://u@localhost/db?sslmode=sometimes", .invalidSSLMode("sometimes")),
        ("postgres://u@localhost/db?sslcert=/x", .unsupportedParameter("sslcert")),
        (
            "postgres://u@localhost/db?connect_timeout=soon",
            .invalidParameterValue(name: "connect_timeout", value: "soon")
        ),
        ("postgres://u@localhost/d%zzb", .invalidPercentEncoding(part: "database name")),
        ("postgres://u@h1,,h2/db", .invalidHost("")),
        (
            "postgres://u@h1,h2/db?target_session_attrs=standby",
            .invalidParameterValue(name: "target_session_attrs", value: "standby")
        ),
    ])
    func rejects(_ url: String, _ expected: DatabaseURLError) {
        #expect(throws: expected) { try PostgresClient.Configuration(url: url) }
    }

    @Test(arguments: [
        "postgres://u:hunter2-secret@localhost:notaport/db",
        "postgres://u:hunter2-secret",
        "postgres://u:hunter2-secret%zz@localhost/db",
        "postgres://u:hunter2-secret@/db",
        "postgres://u:hunter2-secret@localhost/db?sslmode=maybe",
        "postgres://u:hunter2-secret@bad_host!/db",
    ])
    func errorsNeverShowThePassword(_ url: String) {
        let error = #expect(throws: DatabaseURLError.self) { try PostgresClient.Configuration(url: url) }
        let text = "\(String(describing: error)) \(String(reflecting: error))"
        #expect(!text.contains("hunter2"))
    }
}
