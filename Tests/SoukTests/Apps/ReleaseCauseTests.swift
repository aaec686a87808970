import SoukCore
import Testing

/// Each cause of a release words its description as Heroku does.
@Suite("Release causes")
struct ReleaseCauseTests {
    @Test(
        "Descriptions",
        arguments: [
            (ReleaseCause.configVars(ConfigChange(assigned: ["B": "2", "A": "1"])), "Set A, B config vars"),
            (.configVars(ConfigChange(removed: ["C"])), "Remove C config vars"),
            (.attach(attachment: "DATABASE", addon: "pg-1"), "Attach DATABASE (pg-1) add-on"),
            (.detach(attachment: "DATABASE", addon: "pg-1"), "Detach DATABASE (pg-1) add-on"),
            (.addonConfigUpdate(attachment: "DATABASE", addon: "pg-1"), "Update DATABASE (pg-1) add-on config vars"),
            (.rollback(toVersion: 7), "Rollback to v7"),
        ]
    )
    func description(_ cause: ReleaseCause, _ expected: String) {
        #expect(cause.description == expected)
    }
}
