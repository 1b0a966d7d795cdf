import Foundation
import Logging
import Loop
import Store

/// The one training run a server trains at a time (`POST /v1/training/runs`). A start
/// reserves the slot before it records the run, so two concurrent starts cannot both get
/// it; the slot is free again when the run's task ends. The training itself runs on the
/// trainers' dispatch queues (`TrainingLauncher`), never on Swift's cooperative pool: the task
/// here only awaits it and writes the run's records.
final class TrainingSlot: @unchecked Sendable {
    private enum State {
        case idle
        /// Reserved by a start that has not recorded its run yet.
        case starting
        case running(id: Int64, task: Task<Void, Never>)
    }

    private let lock = NSLock()
    private var state = State.idle

    /// Records `plan`'s run with `launcher` and trains it in the background; returns the
    /// begun run at once. Throws 409 `conflict` while another run of this server is starting
    /// or running, and what `begin` throws (the slot is then free again).
    func start(_ plan: TrainingPlan, launcher: TrainingLauncher, out: TrainingOutput, logger: Logger) async throws -> BegunTrainingRun {
        try reserve()
        let begun: BegunTrainingRun
        do {
            begun = try await launcher.begin(plan, out: out)
        } catch {
            release()
            throw error
        }
        launch(begun, launcher: launcher, logger: logger)
        return begun
    }

    /// Starts the run's task and records it, under the lock: the task's `release` waits for it.
    private func launch(_ begun: BegunTrainingRun, launcher: TrainingLauncher, logger: Logger) {
        lock.lock()
        defer { lock.unlock() }
        let id = begun.id
        let task = Task.detached { [self] in
            logger.info("training run \(id) (\(begun.plan.stage)) started in \(begun.out.path)")
            do {
                _ = try await launcher.run(begun) { line in logger.info("training run \(id): \(line)") }
                logger.info("training run \(id) finished")
            } catch {
                logger.error("training run \(id) failed: \(String(reflecting: error))")
            }
            release()
        }
        state = .running(id: id, task: task)
    }

    private func reserve() throws {
        lock.lock()
        defer { lock.unlock() }
        switch state {
        case .idle:
            state = .starting
        case .starting:
            throw ServiceError(.conflict, "a training run is starting on this server; it trains one run at a time")
        case .running(let id, _):
            throw ServiceError(.conflict,
                "training run \(id) is still running on this server, which trains one run at a time; poll GET /v1/training/runs/\(id)")
        }
    }

    private func release() {
        lock.lock()
        state = .idle
        lock.unlock()
    }

    /// The run in progress and its task, if any.
    private func current() -> (Int64, Task<Void, Never>)? {
        lock.lock()
        defer { lock.unlock() }
        if case .running(let id, let task) = state { return (id, task) }
        return nil
    }

    /// A stopping server: the run in progress, if any, is marked failed (its CPU work cannot
    /// be interrupted mid-step and dies with the process) and its task cancelled.
    func abandon(database: Database) async {
        guard let inProgress = current() else { return }
        let (id, task) = inProgress
        _ = try? await TrainingRepository(database).abandonRun(id, error: "the server stopped before the run finished; start it again")
        task.cancel()
    }
}
