import Foundation
import Ingest
import Logging
import Store

extension Daemon {
    /// One worker: claim, ingest, record; idle until woken or the poll interval passes.
    func work(owner: String) async {
        var warned = false
        while !Task.isCancelled && !state.isStopping {
            let job: IngestJob?
            do {
                job = try await queue.claim(owner: owner, lease: options.lease)
                warned = false
            } catch {
                if !warned { logger.warning("cannot claim a job (retrying): \(error)", metadata: ["owner": "\(owner)"]) }
                warned = true
                await wake.wait(timeout: options.poll)
                continue
            }
            guard let job else {
                await wake.wait(timeout: options.poll)
                continue
            }
            await process(job, owner: owner)
        }
    }

    /// Ingests one claimed job under its lease and records the result.
    func process(_ job: IngestJob, owner: String) async {
        metrics.claimed.increment()
        state.claimed()
        defer { state.ended() }
        let clock = ContinuousClock.now
        logger.info("claim-begin", metadata: [
            "job": "\(job.id)", "owner": "\(owner)", "attempt": "\(job.attempts)", "path": "\(job.path)", "at": "\(Self.epochMillis())",
        ])
        let outcome: FileOutcome
        switch locate(job) {
        case .missing(let failure):
            outcome = .failed(job.path, failure)
        case .file(let file):
            outcome = await withLease(job, owner: owner) { await self.pipeline.ingest(file: file) }
        }
        if Task.isCancelled {
            // Abandoned mid-paper: the transaction rolled back; give the job back now.
            let queue = self.queue
            let released = (try? await Task.detached { try await queue.release(id: job.id, owner: owner) }.value) ?? false
            if released {
                metrics.released.increment()
                state.update { $0.released += 1 }
            }
            logger.info("claim-end", metadata: ["job": "\(job.id)", "owner": "\(owner)", "outcome": "released", "at": "\(Self.epochMillis())"])
            return
        }
        let result = await record(outcome, of: job, owner: owner)
        let took = ContinuousClock.now - clock
        metrics.duration.recordNanoseconds(took.components.seconds * 1_000_000_000 + took.components.attoseconds / 1_000_000_000)
        logger.info("claim-end", metadata: [
            "job": "\(job.id)", "owner": "\(owner)", "outcome": "\(result)", "paper": "\(outcome.paperID.map(String.init) ?? "-")",
            "status": "\(outcome.status.rawValue)", "at": "\(Self.epochMillis())",
        ])
    }

    /// What happened to a job, for the log.
    enum Result: String, CustomStringConvertible {
        case done, failed, retry, lost
        var description: String { rawValue }
    }

    /// Moves the job to its next status and the file to `done/` or `failed/`.
    func record(_ outcome: FileOutcome, of job: IngestJob, owner: String) async -> Result {
        let file = URL(fileURLWithPath: job.path)
        do {
            if outcome.status != .failed {
                guard try await queue.complete(id: job.id, owner: owner, paperID: outcome.paperID) else {
                    logger.warning("lost the lease of job \(job.id) before finishing it; its new owner finishes it", metadata: ["owner": "\(owner)"])
                    return .lost
                }
                let stored = outcome.status == .inserted || outcome.status == .replaced
                metrics.done.increment()
                if stored { metrics.papers.increment() }
                metrics.bytes.increment(by: outcome.bytes)
                state.update {
                    $0.done += 1
                    $0.bytes += outcome.bytes
                    if stored { $0.stored += 1 }
                }
                state.finished(stored: stored)
                moveLogged(file, to: options.doneDirectory)
                try? FileManager.default.removeItem(at: errorFile(for: file))
                return .done
            }
            let failure = outcome.failure ?? IngestFailure(
                code: "ingest.unexpected", reason: outcome.error ?? "\(job.path): unknown error", line: outcome.line, retryable: false)
            let delay = options.backoff(afterAttempts: job.attempts)
            let status = try await queue.fail(
                id: job.id, owner: owner,
                JobFailure(code: failure.code, reason: failure.reason, line: failure.line, retryable: failure.retryable),
                backoff: delay)
            switch status {
            case .queued:
                metrics.retried.increment()
                state.update { $0.retried += 1 }
                logger.notice("transient failure, retrying in \(String(format: "%.1f", delay)) s: \(failure.reason)",
                              metadata: ["job": "\(job.id)", "code": "\(failure.code)"])
                return .retry
            case .some:
                metrics.failed.increment()
                state.update { $0.failed += 1 }
                state.finished(stored: false)
                logger.error("failed: \(failure.reason)", metadata: [
                    "job": "\(job.id)", "code": "\(failure.code)", "line": "\(failure.line.map(String.init) ?? "-")",
                ])
                quarantine(file, failure, job: job)
                return .failed
            case nil:
                logger.warning("lost the lease of job \(job.id) before recording its failure", metadata: ["owner": "\(owner)"])
                return .lost
            }
        } catch {
            // The database is unreachable: the lease runs out and the job is claimed again.
            logger.error("cannot record the result of job \(job.id) (it will be claimed again): \(error)")
            return .lost
        }
    }

    /// Runs `body` while renewing the job's lease every third of its length.
    func withLease<T: Sendable>(_ job: IngestJob, owner: String, _ body: @escaping @Sendable () async -> T) async -> T {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                let every = max(0.2, self.options.lease / 3)
                while !Task.isCancelled {
                    do { try await Task.sleep(for: .milliseconds(Int(every * 1000))) } catch { return nil }
                    do {
                        if try await !self.queue.renew(id: job.id, owner: owner, lease: self.options.lease) {
                            self.logger.warning("lost the lease of job \(job.id)", metadata: ["owner": "\(owner)"])
                            return nil
                        }
                    } catch {
                        self.logger.warning("cannot renew the lease of job \(job.id): \(error)")
                    }
                }
                return nil
            }
            var result: T?
            while let next = await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            return result!
        }
    }

    /// Refreshes communities and entity vectors once no job has been in hand for
    /// `refreshIdle` seconds (or `refreshEvery` papers were stored since the last refresh).
    func refreshWhenIdle() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(min(options.poll, options.refreshIdle) * 1000)))
            if Task.isCancelled { return }
            let due = state.refreshDue
            if due.papers > 0 && (due.idle >= options.refreshIdle || due.papers >= options.refreshEvery) {
                await refreshGraph(force: false)
            }
        }
    }

    /// One refresh of the whole-graph steps; failures are logged and retried next time.
    func refreshGraph(force: Bool) async {
        let papers = state.refreshDue.papers
        guard force || papers > 0 else { return }
        do {
            if let refresh = try await pipeline.refreshGraph() {
                state.refreshed(papers)
                metrics.refreshes.increment()
                logger.info("graph refreshed", metadata: [
                    "papers": "\(papers)", "communities": "\(refresh.communities)", "entities_embedded": "\(refresh.embeddedEntities)",
                ])
            } else {
                state.refreshed(papers)
            }
        } catch {
            if Task.isCancelled { return }
            logger.warning("graph refresh failed (retried later): \(error)")
        }
    }

    static func epochMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
