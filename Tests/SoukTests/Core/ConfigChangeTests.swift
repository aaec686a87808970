import SoukCore
import Testing

@Suite("Config changes and names")
struct ConfigChangeTests {
    @Test("A patch splits into assignments and removals, and describes itself as Heroku does")
    func patch() throws {
        let change = try ConfigChange(patch: ["B": "2", "A": "1", "GONE": nil])
        #expect(change.assigned == ["A": "1", "B": "2"])
        #expect(change.removed == ["GONE"])
        #expect(change.releaseDescription == "Set A, B and remove GONE config vars")
        #expect(ConfigChange(assigned: ["X": "1"]).releaseDescription == "Set X config vars")
        #expect(ConfigChange(removed: ["X", "Y"]).releaseDescription == "Remove X, Y config vars")
    }

    @Test("Only the part that changes something is effective")
    func effective() throws {
        let current = ["SAME": "1", "OTHER": "2"]
        let change = try ConfigChange(patch: ["SAME": "1", "OTHER": "3", "ABSENT": nil, "NEW": "4"])
        let effective = change.effective(on: current)
        #expect(effective == ConfigChange(assigned: ["OTHER": "3", "NEW": "4"]))
        #expect(effective.applied(to: current) == ["SAME": "1", "OTHER": "3", "NEW": "4"])
        #expect(try ConfigChange(patch: ["SAME": "1"]).effective(on: current).isEmpty)
    }

    @Test(
        "Names must match ^[A-Za-z_][A-Za-z0-9_]*$",
        arguments: [
            ("FOO", true), ("_x1", true), ("a", true), ("1A", false), ("A-B", false), ("", false), ("É", false),
            ("A B", false), (String(repeating: "A", count: 256), false),
        ])
    func names(name: String, valid: Bool) {
        #expect(ConfigVarName.isValid(name) == valid)
        if !valid { #expect(throws: SoukError.self) { try ConfigChange(patch: [name: "x"]) } }
    }

    @Test(
        "App names follow Heroku's pattern and generated ones do too",
        arguments: [
            ("abc", true), ("my-app-1", true), ("ab", false), ("-ab", false), ("abc-", false), ("Abc", false),
            ("a" + String(repeating: "b", count: 29), true), ("a" + String(repeating: "b", count: 30), false),
        ])
    func appNames(name: String, valid: Bool) {
        #expect(AppName.isValid(name) == valid)
    }

    @Test("Generated app names are valid", arguments: 0..<20)
    func generated(_: Int) {
        #expect(AppName.isValid(AppName.generate()))
    }
}
