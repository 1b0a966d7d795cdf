import Foundation
import Ingest
import Logging
import Store

/// The ingestion daemon: watches an inbox for complete files, queues each as a job in
/// `ingest_jobs`, and ingests jobs with `options.workers` workers through the same
/// `IngestPipeline` as `preflexor ingest`. Any number of daemons (processes or hosts) may
/// share one inbox and database: a job is claimed by one worker at a time (`FOR UPDATE SKIP
/// LOCKED` under a lease), papers are stored in one transaction each, and storing the same
/// bytes again is a no-op, so a job retried after a crash stores nothing twice.
///
/// Workers are woken by `LISTEN/NOTIFY` and poll as a fallback. A paper goes to `done/` once
/// its job is done, to `failed/` (with `<name>.error`) once its job failed for good;
/// transient failures are retried with exponential backoff. `stop()` lets the papers in hand
/// finish and then releases nothing; cancelling `run()`'s task abandons them and releases
/// their claims. CPU work runs on the pipeline's `CPUPool`, never on the cooperative pool; a
/// `LagProbe` measures that.
public final class Daemon: Sendable {
    public let options: DaemonOptions
    public let pipeline: IngestPipeline
    let queue: JobQueue
    let logger: Logger
    let state: DaemonState
    let wake = WakeSignal()
    let metrics = DaemonMetrics()
    /// The cooperative-pool lag probe that runs while the daemon does.
    public let lag = LagProbe()

    public init(pipeline: IngestPipeline, options: DaemonOptions, logger: Logger = Logger(label: "preflexor.daemon")) throws {
        try options.validate()
        self.pipeline = pipeline
        self.options = options
        self.queue = JobQueue(pipeline.database)
        self.logger = logger
        self.state = DaemonState(name: options.name)
    }

    /// The name this daemon's workers claim under.
    public var name: String { options.name }

    /// Asks the daemon to stop: no new claims; the papers in hand finish; then `run` returns.
    public func stop() {
        if state.stop() {
            logger.info("stopping: finishing the papers in hand", metadata: ["daemon": "\(name)"])
        }
        wake.notify()
    }

    /// What the daemon did so far.
    public var summary: DaemonSummary {
        var s = state.snapshot
        s.lag = lag.summary
        return s
    }

    /// Runs until `stop()` (or cancellation), then returns what it did.
    public func run() async throws -> DaemonSummary {
        try prepareInbox()
        let start = ContinuousClock.now
        logger.info("daemon started", metadata: [
            "daemon": "\(name)", "inbox": "\(options.inbox.path)", "workers": "\(options.workers)",
            "lease": "\(options.lease)", "poll": "\(options.poll)",
        ])
        await withTaskGroup(of: Void.self) { background in
            background.addTask { await self.lag.run() }
            background.addTask { await self.watch() }
            background.addTask { await self.listen() }
            background.addTask { await self.refreshWhenIdle() }
            background.addTask { await self.reportProgress() }
            await withTaskGroup(of: Void.self) { workers in
                for i in 0..<options.workers {
                    workers.addTask { await self.work(owner: "\(self.name)/w\(i)") }
                }
            }
            background.cancelAll()
        }
        // Whatever is still held (cancelled mid-paper) goes back to the queue now rather
        // than after its lease; the task may be cancelled, so this runs in its own.
        let queue = self.queue, prefix = name + "/"
        let released = (try? await Task.detached { try await queue.releaseAll(ownerPrefix: prefix) }.value) ?? 0
        if released > 0 {
            metrics.released.increment(by: released)
            state.update { $0.released += released }
            logger.notice("released \(released) unfinished job(s) to the queue", metadata: ["daemon": "\(name)"])
        }
        if !Task.isCancelled { await refreshGraph(force: false) }
        var summary = self.summary
        let elapsed = ContinuousClock.now - start
        summary.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        logger.info("daemon stopped", metadata: [
            "daemon": "\(name)", "done": "\(summary.done)", "failed": "\(summary.failed)", "retried": "\(summary.retried)",
            "lag_max_ms": "\(String(format: "%.1f", summary.lag?.maxMilliseconds ?? 0))",
        ])
        return summary
    }

    func prepareInbox() throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.inbox.path, isDirectory: &isDir), isDir.boolValue else {
            throw DaemonError(.inbox, "the inbox \(options.inbox.path) is not a folder; create it or pass another --inbox")
        }
        for dir in [options.doneDirectory, options.failedDirectory] {
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            } catch {
                throw DaemonError(.inbox, "cannot create \(dir.path): \(error.localizedDescription)")
            }
        }
    }

    /// Scans the inbox every `poll` seconds and queues files that became complete.
    func watch() async {
        var scanner = InboxScanner(directory: options.inbox)
        var warned = false
        while !Task.isCancelled && !state.isStopping {
            do {
                for file in try scanner.scan() {
                    if let id = try await queue.enqueue(path: file.path, maxAttempts: options.maxAttempts) {
                        metrics.enqueued.increment()
                        state.update { $0.enqueued += 1 }
                        logger.debug("queued", metadata: ["job": "\(id)", "path": "\(file.path)"])
                        wake.notify()
                    }
                }
                warned = false
            } catch {
                if !warned { logger.warning("inbox scan failed (retrying): \(error)") }
                warned = true
            }
            try? await Task.sleep(for: .milliseconds(Int(options.poll * 1000)))
        }
    }

    /// Wakes the workers on every NOTIFY of the queue; listens again after a lost connection.
    func listen() async {
        while !Task.isCancelled {
            do {
                try await queue.listen { [wake] in wake.notify() }
            } catch {
                if Task.isCancelled { return }
                logger.warning("LISTEN \(JobQueue.channel) failed (polling meanwhile): \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Logs progress and throughput every `progressInterval` seconds while there is work.
    func reportProgress() async {
        var last = state.snapshot
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(options.progressInterval * 1000)))
            let now = summary
            guard now.done + now.failed != last.done + last.failed else { continue }
            let rate = Double(now.done + now.failed - last.done - last.failed) / options.progressInterval
            logger.info("progress", metadata: [
                "done": "\(now.done)", "failed": "\(now.failed)", "retried": "\(now.retried)",
                "jobs_per_s": "\(String(format: "%.2f", rate))",
                "lag_max_ms": "\(String(format: "%.1f", now.lag?.maxMilliseconds ?? 0))",
            ])
            last = now
        }
    }
}
