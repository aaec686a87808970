import Testing

/// The database of the running suite, bound by the `.soukDatabase` trait.
enum SoukDatabase {
    @TaskLocal static var bound: String?

    /// The URL of the suite's database. Outside a `.soukDatabase` suite this records an issue.
    static var current: String {
        guard let bound else {
            Issue.record("SoukDatabase.current is only set inside @Suite(.soukDatabase) or @Test(.soukDatabase)")
            return ""
        }
        return bound
    }
}

/// Gives a suite a database of its own, copied from the migrated template, and drops it afterwards:
///
/// ```swift
/// @Suite(.soukDatabase)
/// struct AccountTests {
///     @Test func signUp() async throws { let url = SoukDatabase.current /* … */ }
/// }
/// ```
///
/// Tests of one suite share the database (they use unique names); suites run in parallel, each on its own.
/// On a single `@Test` the test gets a database of its own; a nested suite gets its own too.
struct SoukDatabaseTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }
    /// Each case of a parameterised test gets a database of its own (`.soukDatabasePerCase`).
    var perCase = false

    /// The default would scope each test case and skip the suite; this scopes suites and whole tests,
    /// never the individual cases of a parameterised test, unless `perCase`.
    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        (testCase == nil) != perCase ? self : nil
    }

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        // A test inside a suite that already has a database uses that one.
        if !test.isSuite, SoukDatabase.bound != nil {
            try await function()
            return
        }
        let url = try await TestDatabase.create()
        do {
            try await SoukDatabase.$bound.withValue(url) { try await function() }
        } catch {
            try? await TestDatabase.drop(url)
            throw error
        }
        try await TestDatabase.drop(url)
    }
}

extension Trait where Self == SoukDatabaseTrait {
    /// A database per suite: see `SoukDatabaseTrait`.
    static var soukDatabase: Self { Self() }

    /// A database per case of a parameterised test: for cases that share what a database holds once, such
    /// as the months billing has closed.
    static var soukDatabasePerCase: Self { Self(perCase: true) }
}
