import Foundation
import PreflexorTesting
import Store
import StoreTesting
import Testing

/// Several daemons on one inbox and database, and daemons killed mid-ingest: every paper is
/// stored exactly once and every job ends.
@Suite(.serialized) struct DaemonConcurrencyTests {
    /// Checks the claim records of all daemons: a job's claims never overlap (each begins
    /// after the previous one ended, with a little slack for the two processes' log writes),
    /// carry distinct attempt numbers, and at most one of them finished it. A claim that
    /// never ended (its daemon was killed) may only be taken over once its lease ran out.
    static func checkClaims(_ records: [ClaimRecord], slackMillis: Int64 = 200, leaseMillis: Int64? = nil) {
        var byJob: [Int64: [ClaimRecord]] = [:]
        for r in records { byJob[r.job, default: []].append(r) }
        for (job, records) in byJob {
            let begins = records.filter(\.begin).sorted { $0.at < $1.at }
            // A released claim (abandoned at shutdown) does not count as an attempt.
            let counted = begins.filter { b in
                !records.contains { !$0.begin && $0.owner == b.owner && $0.at >= b.at && $0.outcome == "released" }
            }
            let attempts = counted.compactMap(\.attempt)
            #expect(Set(attempts).count == attempts.count, "job \(job) claimed twice with the same attempt: \(attempts)")
            #expect(records.filter { !$0.begin && $0.outcome == "done" }.count <= 1, "job \(job) finished twice")
            for (a, b) in zip(begins, begins.dropFirst()) {
                guard let end = records.first(where: { !$0.begin && $0.owner == a.owner && $0.at >= a.at }) else {
                    if let leaseMillis {
                        #expect(b.at + slackMillis >= a.at + leaseMillis, "job \(job) taken from the killed \(a.owner) before its lease ran out")
                    } else {
                        Issue.record("job \(job): the claim by \(a.owner) never ended before \(b.owner) claimed it")
                    }
                    continue
                }
                #expect(end.at <= b.at + slackMillis, "job \(job) held by \(a.owner) and \(b.owner) at once")
            }
        }
    }

    /// Two daemon processes (two workers each) and 100 papers dropped at once.
    @Test func twoDaemonsStoreEachPaperExactlyOnce() async throws {
        try await TestDatabase.withDatabase { database, configuration in
            let url = try #require(configuration.databaseURL).fullString
            let inbox = try TempInbox()
            defer { inbox.remove() }
            let args = ["--no-embed", "--workers", "2", "--poll", "0.2", "--lease", "30"]
            let a = try DaemonProcess(inbox: inbox.url, databaseURL: url, arguments: args)
            let b = try DaemonProcess(inbox: inbox.url, databaseURL: url, arguments: args)
            try await Task.sleep(for: .milliseconds(500))
            try GeneratedPapers.drop("two", 0..<100, into: inbox.url)
            let finished = try await eventually(timeout: 400) {
                let papers = try await database.int("SELECT count(*)::int FROM papers")
                let open = try await database.openJobs()
                return papers == 100 && open == 0 && inbox.files().isEmpty
            }
            #expect(finished, "all 100 papers stored and every job ended: \(a.logText.suffix(1500))\n---\n\(b.logText.suffix(1500))")
            a.signal(SIGTERM)
            b.signal(SIGTERM)
            let sa = await a.wait(timeout: 60), sb = await b.wait(timeout: 60)
            #expect(sa == 0 && sb == 0, "both exit cleanly on SIGTERM (\(String(describing: sa)), \(String(describing: sb)))")

            let dois = try await database.strings("SELECT doi FROM papers ORDER BY doi")
            #expect(Set(dois) == Set((0..<100).map { GeneratedPapers.doi("two", $0) }), "each paper once")
            #expect(try await database.int("SELECT count(*)::int FROM papers p WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.paper_id = p.id)") == 0)
            #expect(try await database.int("SELECT count(*)::int FROM ingest_jobs WHERE status <> 'done'") == 0, "no job failed")
            #expect(try await database.int("SELECT count(DISTINCT path)::int FROM ingest_jobs WHERE status = 'done'") == 100)
            #expect(inbox.files("done").count == 100)
            let claims = a.claims + b.claims
            let owners = Set(claims.map { $0.owner.split(separator: "/").first.map(String.init) ?? "" })
            #expect(owners.count == 2, "both daemons claimed jobs: \(owners)")
            let jobs = try await database.int("SELECT count(*)::int FROM ingest_jobs")
            #expect(Set(claims.filter(\.begin).map(\.job)).count == jobs, "every job claimed, and logged")
            Self.checkClaims(claims)
        }
    }

    /// SIGKILL a daemon mid-ingest of 50 papers, start another: every paper is stored exactly
    /// once and whole, and no job is left running (the dead worker's leases run out and are reclaimed).
    @Test func sigkillMidIngestThenRestartLosesNothing() async throws {
        try await TestDatabase.withDatabase { database, configuration in
            let url = try #require(configuration.databaseURL).fullString
            let inbox = try TempInbox()
            defer { inbox.remove() }
            let args = ["--no-embed", "--workers", "2", "--poll", "0.2", "--lease", "2"]
            let first = try DaemonProcess(inbox: inbox.url, databaseURL: url, arguments: args)
            try GeneratedPapers.drop("kill", 0..<50, into: inbox.url)
            let started = try await eventually(timeout: 120) {
                try await database.int("SELECT count(*)::int FROM ingest_jobs WHERE status = 'done'") >= 8
            }
            #expect(started, "the first daemon ingests: \(first.logText.suffix(2000))")
            first.signal(SIGKILL)
            #expect(await first.wait(timeout: 10) != nil)
            let done = try await database.int("SELECT count(*)::int FROM ingest_jobs WHERE status = 'done'")
            let running = try await database.int("SELECT count(*)::int FROM ingest_jobs WHERE status = 'running'")
            #expect(done < 50, "killed before the end (\(done) done)")
            print("crash test: \(done) jobs done and \(running) running at the SIGKILL")

            let second = try DaemonProcess(inbox: inbox.url, databaseURL: url, arguments: args)
            let finished = try await eventually(timeout: 180) {
                let papers = try await database.int("SELECT count(*)::int FROM papers")
                let open = try await database.openJobs()
                return papers == 50 && open == 0 && inbox.files().isEmpty
            }
            #expect(finished, "the restarted daemon finishes the rest (\(running) were running at the kill): \(second.logText.suffix(2000))")
            second.signal(SIGTERM)
            #expect(await second.wait(timeout: 60) == 0)

            let dois = try await database.strings("SELECT doi FROM papers")
            #expect(dois.count == 50 && Set(dois) == Set((0..<50).map { GeneratedPapers.doi("kill", $0) }), "each paper exactly once")
            // None partial: every paper has its sections and chunks, and its job points at it.
            #expect(try await database.int("SELECT count(*)::int FROM papers p WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.paper_id = p.id) OR NOT EXISTS (SELECT 1 FROM sections s WHERE s.paper_id = p.id)") == 0)
            #expect(try await database.int("SELECT count(*)::int FROM ingest_jobs WHERE status <> 'done'") == 0, "no job stuck or failed")
            #expect(try await database.int("SELECT count(DISTINCT paper_id)::int FROM ingest_jobs WHERE status = 'done'") == 50)
            #expect(inbox.files("done").count == 50)
            #expect(running == 0 || second.claims.contains { $0.begin && ($0.attempt ?? 0) >= 2 },
                    "the jobs running at the kill were reclaimed after their lease")
            Self.checkClaims(first.claims + second.claims, slackMillis: 200, leaseMillis: 2000)
        }
    }
}
