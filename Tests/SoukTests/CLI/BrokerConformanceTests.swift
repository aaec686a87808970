import Foundation
import SoukCore
import Testing

@Suite("souk addons:admin:test --broker")
struct BrokerConformanceTests {
    @Test("A conformant broker (openbrokerapi) passes every check, and nothing it made is left")
    func conformant() async throws {
        try await OpenBrokerAPIBroker.withBroker { broker in
            let cli = try CLIRunner(baseURL: "http://127.0.0.1:9")
            let result = try await cli.run([
                "addons:admin:test", "--broker", broker.url, "--username", broker.username, "--password",
                broker.password,
            ])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("✓ GET /v2/catalog answers 200 with a catalog Souk can register"))
            #expect(result.stdout.contains("✓ the same id with another plan answers 409"))
            #expect(result.stdout.contains("✓ unbind again answers 410 Gone"))
            #expect(result.stdout.contains(" 0 failed"), "\(result.stdout)")
            let state = try await broker.instances()
            #expect(state["instances"]?.objectValue?.isEmpty == true, "\(state)")
            #expect(state["bindings"]?.objectValue?.isEmpty == true, "\(state)")
        }
    }

    @Test("A broker that ignores the API version is named for it, and what the run made is removed")
    func defects() async throws {
        try await FakeBroker.run { broker in
            let cli = try CLIRunner(baseURL: "http://127.0.0.1:9")
            let result = try await cli.run([
                "addons:admin:test", "--broker", broker.url, "--username", broker.username, "--password",
                broker.password,
            ])
            #expect(result.status != 0)
            #expect(
                result.stdout.contains(
                    "✗ X-Broker-API-Version 2.0 answers 412 Precondition Failed: it answered HTTP 200"),
                "\(result.stdout)")
            #expect(result.stdout.contains("✓ the catalog with a wrong password answers 401"), "\(result.stdout)")
            #expect(broker.instances.isEmpty && broker.bindings.isEmpty)
        }
    }

    @Test("--broker needs its credentials and no manifest")
    func usage() async throws {
        let cli = try CLIRunner(baseURL: "http://127.0.0.1:9")
        let result = try await cli.run(["addons:admin:test", "--broker", "http://127.0.0.1:9"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--username and --password"), "\(result.stderr)")
    }
}
