import Foundation
import PreflexorTesting
import Store
import StoreTesting
import Testing

/// `preflexor daemon` and `preflexor jobs` end to end, as processes against a real server.
@Suite(.serialized) struct DaemonJobsTests {
    static func cli(_ arguments: [String], databaseURL: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = DaemonProcess.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = databaseURL
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// A good and a bad paper: the good one is stored and moved to done/, the bad one ends in
    /// failed/ with its error (code, line) in the queue and beside it; `jobs` lists, shows,
    /// retries (the file comes back from failed/ and fails again) and refuses to cancel a done job.
    @Test func daemonIngestsAndJobsCommandsSteerTheQueue() async throws {
        try await TestDatabase.withDatabase { database, configuration in
            let url = try #require(configuration.databaseURL).fullString
            let inbox = try TempInbox()
            defer { inbox.remove() }
            let daemon = try DaemonProcess(inbox: inbox.url, databaseURL: url,
                                           arguments: ["--no-embed", "--workers", "2", "--poll", "0.2", "--lease", "10"])
            try GeneratedPapers.drop("jobs", 0..<1, into: inbox.url)
            try "<article><front>\n<oops></front></article>".write(
                to: inbox.url.appendingPathComponent("bad.xml"), atomically: true, encoding: .utf8)
            let settled = try await eventually(timeout: 90) {
                try await database.int("SELECT count(*)::int FROM ingest_jobs WHERE status IN ('done', 'failed')") == 2
            }
            #expect(settled, "both jobs finish: \(daemon.logText.suffix(3000))")
            #expect(try await eventually(timeout: 10) { inbox.files().isEmpty }, "inbox still holds \(inbox.files())")
            #expect(inbox.files("done") == ["pjobs-0.xml"])
            #expect(inbox.files("failed") == ["bad.xml", "bad.xml.error"])
            let errorText = try String(contentsOf: inbox.url.appendingPathComponent("failed/bad.xml.error"), encoding: .utf8)
            #expect(errorText.contains("code: ingest.parse") && errorText.contains("line: 2"), "\(errorText)")
            #expect(try await database.int("SELECT count(*)::int FROM papers") == 1)

            let list = try Self.cli(["jobs", "list", "--json"], databaseURL: url)
            #expect(list.status == 0, "\(list.stderr)")
            let jobs = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            #expect(jobs.count == 2)
            let bad = try #require(jobs.first { ($0["path"] as? String)?.hasSuffix("bad.xml") == true })
            let good = try #require(jobs.first { ($0["path"] as? String)?.hasSuffix("pjobs-0.xml") == true })
            #expect(bad["status"] as? String == "failed" && bad["errorCode"] as? String == "ingest.parse" && bad["errorLine"] as? Int == 2)
            #expect(good["status"] as? String == "done" && good["paperID"] as? Int != nil)
            let badID = try #require(bad["id"] as? Int)
            let goodID = try #require(good["id"] as? Int)

            let table = try Self.cli(["jobs", "list"], databaseURL: url)
            #expect(table.stdout.contains("1 done") && table.stdout.contains("1 failed") && table.stdout.contains("[ingest.parse line 2]"), "\(table.stdout)")
            let shown = try Self.cli(["jobs", "show", "\(badID)"], databaseURL: url)
            #expect(shown.status == 0 && shown.stdout.contains("ingest.parse") && shown.stdout.contains("bad.xml"), "\(shown.stdout)\(shown.stderr)")
            let missing = try Self.cli(["jobs", "show", "999999"], databaseURL: url)
            #expect(missing.status != 0 && missing.stderr.contains("no job 999999"))
            let refused = try Self.cli(["jobs", "cancel", "\(goodID)"], databaseURL: url)
            #expect(refused.status != 0 && refused.stderr.contains("is done"), "\(refused.stderr)")

            let retried = try Self.cli(["jobs", "retry", "\(badID)"], databaseURL: url)
            #expect(retried.status == 0, "\(retried.stderr)")
            let failedAgain = try await eventually(timeout: 60) {
                let job = try await JobQueue(database).show(id: Int64(badID))
                return job?.status == .failed && job?.attempts == 1 && inbox.files("failed").contains("bad.xml.error")
            }
            #expect(failedAgain, "the retried job runs again and fails again: \(daemon.logText.suffix(2000))")

            daemon.signal(SIGTERM)
            let status = await daemon.wait(timeout: 30)
            #expect(status == 0, "daemon exits cleanly on SIGTERM: \(daemon.logText.suffix(2000))")
            let summary = try #require(daemon.summary)
            #expect(summary["done"] as? Int == 1 && summary["failed"] as? Int == 2, "\(summary)")
            #expect(try await database.openJobs() == 0)
        }
    }
}
