import Foundation
import HTTPTypes
import Testing

@Suite("Config vars", .soukDatabase)
struct ConfigVarTests {
    let testApp = TestApp()

    @Test("PATCH merges, null removes, and each change is one release")
    func mergeAndRemove() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let name = try await api.createApp(key: user.key)
            let empty = try await api.call(.get, "/apps/\(name)/config-vars", key: user.key)
            #expect(empty.status == .ok)
            #expect(empty.text == "{}")

            let set = try await api.call(
                .patch, "/apps/\(name)/config-vars", key: user.key, json: ["FOO": "1", "bar_2": "two"])
            #expect(set.status == .ok)
            #expect(set.object as NSDictionary == ["FOO": "1", "bar_2": "two"] as NSDictionary)

            let merged = try await api.call(
                .patch, "/apps/\(name)/config-vars", key: user.key, body: #"{"FOO": null, "BAZ": "z"}"#)
            #expect(merged.object as NSDictionary == ["bar_2": "two", "BAZ": "z"] as NSDictionary)
            #expect(
                try await api.call(.get, "/apps/\(name)/config-vars", key: user.key).object as NSDictionary
                    == ["bar_2": "two", "BAZ": "z"] as NSDictionary)

            let releases = try await api.call(.get, "/apps/\(name)/releases", key: user.key).array
            #expect(
                releases.compactMap { $0["description"] as? String }
                    == ["Initial release", "Set FOO, bar_2 config vars", "Set BAZ and remove FOO config vars"])

            // Setting what is already there changes nothing, and cuts no release.
            #expect(
                try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, json: ["BAZ": "z"]).status == .ok
            )
            #expect(try await api.call(.get, "/apps/\(name)/releases", key: user.key).array.count == 3)
        }
    }

    @Test(
        "Invalid changes are refused and change nothing",
        arguments: [
            (#"{"1BAD": "x"}"#, 422), (#"{"BAD-NAME": "x"}"#, 422), (#"{"": "x"}"#, 422), (#"{"OK": 1}"#, 422),
            (#"{"OK": true}"#, 422), (#"{"OK": {"nested": "x"}}"#, 422), (#"["OK"]"#, 422), (#"{"OK": "x""#, 400),
            (#"{"OK": "x"} trailing"#, 400), (#"{"OK": "x\u0000y"}"#, 422),
        ]
    )
    func invalidChanges(body: String, status: Int) async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let name = try await api.createApp(key: user.key)
            _ = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, json: ["KEEP": "me"])
            let response = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, body: body)
            #expect(response.status.code == status, "\(body) → \(response.text)")
            #expect(response.errorID == (status == 400 ? "bad_request" : "invalid_params"))
            #expect(
                try await api.call(.get, "/apps/\(name)/config-vars", key: user.key).object as NSDictionary
                    == ["KEEP": "me"] as NSDictionary)
            #expect(try await api.call(.get, "/apps/\(name)/releases", key: user.key).array.count == 2)
        }
    }

    @Test("Oversized bodies are 413 and invalid UTF-8 is 400, changing nothing")
    func oversizedAndInvalidUTF8() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let name = try await api.createApp(key: user.key)
            let huge = #"{"BIG": ""# + String(repeating: "a", count: 1024 * 1024) + #""}"#
            let tooLarge = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, body: huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.errorID == "request_too_large")
            let badUTF8: [UInt8] = Array(#"{"K": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
            let invalid = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, bytes: badUTF8)
            #expect(invalid.status == .badRequest)
            #expect(try await api.call(.get, "/apps/\(name)/config-vars", key: user.key).text == "{}")
        }
    }

    @Test("Fifty concurrent PATCHes on one app cut fifty consecutive releases and lose nothing")
    func concurrentPatchesLoseNothing() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let name = try await api.createApp(key: user.key)
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let response = try await api.call(
                            .patch, "/apps/\(name)/config-vars", key: user.key, json: ["VAR_\(index)": "value-\(index)"]
                        )
                        return Int(response.status.code)
                    }
                }
                for try await status in group { #expect(status == 200) }
            }
            let config = try await api.call(.get, "/apps/\(name)/config-vars", key: user.key).object
            #expect(config.count == 50)
            for index in 0..<50 { #expect(config["VAR_\(index)"] as? String == "value-\(index)") }

            let releases = try await api.call(
                .get, "/apps/\(name)/releases", key: user.key,
                headers: [HTTPField.Name("Range")!: "version ..; max=1000"]
            ).array
            #expect(releases.compactMap { $0["version"] as? Int } == Array(1...51))
            #expect(releases.filter { $0["current"] as? Bool == true }.compactMap { $0["version"] as? Int } == [51])
        }
    }

    @Test("Config values and every secret are encrypted at rest: a dump shows none of them")
    func encryptedAtRest() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let name = try await api.createApp(key: user.key)
            let secret = "postgres://user:s3cr3t-\(UUID().uuidString)@db.example.com/prod"
            _ = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, json: ["DATABASE_URL": secret])
            _ = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, json: ["OTHER": "x"])
            #expect(
                try await api.call(.get, "/apps/\(name)/config-vars", key: user.key).object["DATABASE_URL"] as? String
                    == secret)
            let dump = try await DatabaseDump.take(SoukDatabase.current)
            #expect(dump.contains(name))
            #expect(dump.contains("DATABASE_URL"))
            #expect(!dump.contains("s3cr3t"))
            #expect(!dump.contains(user.key))
        }
    }
}
