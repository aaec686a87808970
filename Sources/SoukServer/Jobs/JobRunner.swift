import Foundation
import Logging
import ServiceLifecycle
import SoukStore

/// Workers that claim due jobs and run them: retries, removals, deadlines, and whatever a crashed Souk
/// process left half done. Several processes may run it on one database; `FOR UPDATE SKIP LOCKED`
/// hands each job to one worker at a time.
struct JobRunner: Service {
    let jobs: JobRepository
    let executor: JobExecutor
    let settings: JobSettings
    let logger: Logger

    func run() async throws {
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
            // Claiming and running a job is shielded from the runner's cancellation (an unstructured task
            // does not inherit it): a stopping runner finishes the job in hand, whose provider call is
            // bounded by the call timeout, and records the provider's answer. Cancelled halfway instead, it
            // could neither record the answer nor hand the job back, and the job would wait out its lease.
            let ranJob = await Task { [logger] in await runNextJob(logger: logger) }.value
            if !ranJob { try? await Task.sleep(for: settings.pollInterval) }
        }
    }

    /// Claims one due job and runs it; `false` when none was due (or the database could not be asked).
    private func runNextJob(logger: Logger) async -> Bool {
        let job: Job
        do {
            guard let claimed = try await jobs.claim(lease: settings.lease, logger: logger) else { return false }
            job = claimed
        } catch {
            logger.warning("Could not claim a job", metadata: ["error": .string("\(error)")])
            return false
        }
        do {
            _ = try await executor.run(job, logger: logger)
        } catch let lost as JobLeaseLost {
            // This worker overran its lease; whoever holds the job now decides its outcome.
            logger.notice("Job lease lost", metadata: ["job_id": .string("\(lost.jobID)")])
        } catch {
            // The database failed mid-job: put it back; its lease would also bring it back.
            logger.error("Job failed to run", metadata: ["job_id": .string("\(job.id)"), "error": .string("\(error)")])
            try? await jobs.retry(
                job, after: settings.delay(afterAttempt: job.attempts), error: "internal error", logger: logger
            )
        }
        return true
    }
}
