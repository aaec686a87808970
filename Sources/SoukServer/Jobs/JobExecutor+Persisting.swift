extension JobExecutor {
    /// How long a job keeps trying to record what a provider did while the database is out: longer than a
    /// restart or a failover takes (about a second measured), and well inside a job's lease (at least 60 s
    /// less the provider call).
    static let outcomeWait: Duration = .seconds(15)

    /// Runs `write`, which records what a provider has done, again while the database is out (a restart, a
    /// failover), for up to `outcomeWait`. Given up, the job would come back after its lease and ask the
    /// provider a second time for what it has already done. Other errors, and an outage that lasts longer,
    /// are thrown as they come. Each write is fenced by the job's claim, so one that did land before its
    /// answer was lost is refused as a lost lease rather than applied twice.
    func persisting<Result>(_ write: () async throws -> Result) async throws -> Result {
        let deadline = ContinuousClock.now + Self.outcomeWait
        var pause = Duration.milliseconds(100)
        while true {
            do {
                return try await write()
            } catch let error where DatabaseOutage.contains(error) && ContinuousClock.now + pause < deadline {
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(1))
            }
        }
    }
}
