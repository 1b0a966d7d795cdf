import ArgumentParser
import Foundation
import Store

/// `preflexor jobs list|show|retry|cancel`: the daemon's job queue.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Inspect and steer the ingestion daemon's job queue.",
        subcommands: [List.self, Show.self, Retry.self, Cancel.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first, with a count per status.")

        @Option(name: .long, help: "Only jobs of this status: queued, running, done, failed or cancelled.")
        var status: String?

        @Option(name: .long, help: "At most this many jobs.")
        var limit: Int = 50

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @OptionGroup var store: StoreOptions

        func validate() throws {
            if let status, IngestJob.Status(rawValue: status) == nil {
                throw ValidationError("--status must be one of \(IngestJob.Status.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let (jobs, counts) = try await withQueue(store) { queue in
                (try await queue.list(status: status.flatMap(IngestJob.Status.init(rawValue:)), limit: limit), try await queue.counts())
            }
            if json {
                print(try jsonString(jobs))
                return
            }
            let totals = IngestJob.Status.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            print(totals)
            for job in jobs { print(JobsCommand.line(job)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job with its last error.")

        @Argument(help: "The job id.")
        var id: Int64

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let job = try await withQueue(store, { try await $0.show(id: id) }) else {
                throw ValidationError("there is no job \(id); `preflexor jobs list` shows the jobs")
            }
            if json {
                print(try jsonString(job))
                return
            }
            let iso = ISO8601DateFormatter()
            var rows: [(String, String)] = [
                ("id", "\(job.id)"), ("path", job.path), ("status", job.status.rawValue),
                ("attempts", "\(job.attempts) of \(job.maxAttempts)"), ("created", iso.string(from: job.createdAt)),
            ]
            if let d = job.startedAt { rows.append(("started", iso.string(from: d))) }
            if let d = job.finishedAt { rows.append(("finished", iso.string(from: d))) }
            if job.status == .queued { rows.append(("next attempt", iso.string(from: job.nextAttemptAt))) }
            if let owner = job.leaseOwner { rows.append(("held by", owner)) }
            if let d = job.leaseExpiresAt { rows.append(("lease until", iso.string(from: d))) }
            if let paper = job.paperID { rows.append(("paper", "\(paper)")) }
            if let code = job.errorCode { rows.append(("error code", code)) }
            if let line = job.errorLine { rows.append(("error line", "\(line)")) }
            if let error = job.error { rows.append(("error", error)) }
            for (k, v) in rows { print("\(k.padding(toLength: 13, withPad: " ", startingAt: 0)) \(v)") }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue a failed or cancelled job again (its file comes back from failed/).")

        @Argument(help: "The job id.")
        var id: Int64

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await withQueue(store) { try await $0.retry(id: id) }
            printError("job \(id) queued again")
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a queued job (a running job finishes first).")

        @Argument(help: "The job id.")
        var id: Int64

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await withQueue(store) { try await $0.cancel(id: id) }
            printError("job \(id) cancelled")
        }
    }

    /// One line of `jobs list`.
    static func line(_ job: IngestJob) -> String {
        var text = "\(String(job.id).padding(toLength: 6, withPad: " ", startingAt: 0)) \(job.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(job.attempts)/\(job.maxAttempts)  \(job.path)"
        if let paper = job.paperID { text += "  paper \(paper)" }
        if let code = job.errorCode {
            text += "  [\(code)\(job.errorLine.map { " line \($0)" } ?? "")] \(job.error ?? "")"
        }
        return text
    }
}

/// Opens the database, runs `body` on its job queue, and closes it; a StoreError becomes a
/// validation error (a message, exit status 64) only for not-found and conflicts.
func withQueue<T>(_ store: StoreOptions, _ body: (JobQueue) async throws -> T) async throws -> T {
    let database = try await store.configuration().open()
    do {
        let result = try await body(JobQueue(database))
        await database.close()
        return result
    } catch let error as StoreError where error.code == .notFound || error.code == .conflict {
        await database.close()
        throw ValidationError(error.message)
    } catch {
        await database.close()
        throw error
    }
}
