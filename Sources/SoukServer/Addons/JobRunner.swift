import Foundation
import Logging
import ServiceLifecycle
import SoukStore

/// Workers that claim due jobs and run them: retries, removals, deadlines, and whatever a crashed Souk
/// process left half done. Several processes may run it on one database; `FOR UPDATE SKIP LOCKED`
/// hands each job to one worker at a time.
public struct JobRunner: Service {
    let jobs: JobRepository
    let executor: JobExecutor
    let settings: JobSettings
    let logger: Logger

    public init(jobs: JobRepository, executor: JobExecutor, settings: JobSettings, logger: Logger) {
        self.jobs = jobs
        self.executor = executor
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<max(1, settings.workers) {
                    group.addTask { await work(worker) }
                }
            }
        }
    }

    private func work(_ worker: Int) async {
        var logger = logger
        logger[metadataKey: "worker"] = .stringConvertible(worker)
        while !Task.isCancelled {
            do {
                if let job = try await jobs.claim(lease: settings.lease, logger: logger) {
                    do {
                        _ = try await executor.run(job, logger: logger)
                    } catch is CancellationError {
                        // Shutting down mid-job: hand the job back now rather than when its lease runs out.
                        try? await jobs.retry(job.id, after: .zero, error: "worker stopped", logger: logger)
                        return
                    } catch {
                        // The database failed mid-job: put it back; its lease would also bring it back.
                        logger.error("Job failed to run", metadata: ["job_id": .string("\(job.id)"), "error": .string("\(error)")])
                        try? await jobs.retry(
                            job.id, after: settings.delay(afterAttempt: job.attempts), error: "internal error",
                            logger: logger
                        )
                    }
                    continue
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("Could not claim a job", metadata: ["error": .string("\(error)")])
            }
            try? await Task.sleep(for: settings.pollInterval)
        }
    }
}
