import Foundation
import PreflexorTesting
import Store
import StoreTesting
import Testing

/// SIGTERM stops claiming and lets the papers in hand finish; a second signal abandons them
/// and gives their jobs back; a restart finishes the rest.
@Suite(.serialized) struct DaemonShutdownTests {
    @Test func signalsStopCleanlyAndRestartResumes() async throws {
        try await TestDatabase.withDatabase { database, configuration in
            let url = try #require(configuration.databaseURL).fullString
            let inbox = try TempInbox()
            defer { inbox.remove() }
            let args = ["--no-embed", "--workers", "2", "--poll", "0.2", "--lease", "30"]
            let total = 40
            try GeneratedPapers.drop("stop", 0..<total, into: inbox.url)
            func done() async throws -> Int { try await database.int("SELECT count(*)::int FROM ingest_jobs WHERE status = 'done'") }

            // Graceful: one SIGTERM mid-run.
            let first = try DaemonProcess(inbox: inbox.url, databaseURL: url, arguments: args)
            #expect(try await eventually(timeout: 120) { try await done() >= 3 }, "\(first.logText.suffix(1500))")
            first.signal(SIGTERM)
            #expect(await first.wait(timeout: 60) == 0, "exits 0 after finishing its papers: \(first.logText.suffix(1500))")
            #expect(first.logText.contains("stopping: finishing the papers in hand"))
            #expect(try await database.int("SELECT count(*)::int FROM ingest_jobs WHERE status = 'running'") == 0, "no claim left behind")
            let summary = try #require(first.summary)
            let afterFirst = try await done()
            #expect(summary["done"] as? Int == afterFirst, "every claimed job was finished: \(summary)")

            // Abort: two signals at once.
            let second = try DaemonProcess(inbox: inbox.url, databaseURL: url, arguments: args)
            #expect(try await eventually(timeout: 120) { try await done() >= afterFirst + 3 }, "\(second.logText.suffix(1500))")
            second.signal(SIGINT)
            second.signal(SIGINT)
            #expect(await second.wait(timeout: 60) == 0, "\(second.logText.suffix(1500))")
            #expect(try await database.int("SELECT count(*)::int FROM ingest_jobs WHERE status = 'running'") == 0,
                    "abandoned jobs were given back: \(second.logText.suffix(1500))")

            // Restart: the rest, each paper once.
            let third = try DaemonProcess(inbox: inbox.url, databaseURL: url, arguments: args)
            let finished = try await eventually(timeout: 180) {
                let papers = try await database.int("SELECT count(*)::int FROM papers")
                let open = try await database.openJobs()
                return papers == total && open == 0 && inbox.files().isEmpty
            }
            #expect(finished, "\(third.logText.suffix(1500))")
            third.signal(SIGTERM)
            #expect(await third.wait(timeout: 60) == 0)
            #expect(try await database.int("SELECT count(DISTINCT doi)::int FROM papers") == total)
            #expect(try await database.int("SELECT count(*)::int FROM ingest_jobs WHERE status <> 'done'") == 0)
            DaemonConcurrencyTests.checkClaims(first.claims + second.claims + third.claims)
        }
    }
}
