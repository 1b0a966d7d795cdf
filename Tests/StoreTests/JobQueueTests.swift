import Foundation
import PostgresNIO
import StoreTesting
import Testing
@testable import Store

@Suite struct JobQueueTests {
    /// Two connection pools (as two daemons would have), four claimers each, 60 jobs: every
    /// job is claimed exactly once and finished.
    @Test func concurrentClaimersNeverShareAJob() async throws {
        try await TestDatabase.with { configuration in
            let a = try await configuration.open(migrate: false)
            let b = try await configuration.open(migrate: false)
            for i in 0..<60 { try await JobQueue(a).enqueue(path: "/inbox/p\(i).xml") }
            #expect(try await JobQueue(a).enqueue(path: "/inbox/p0.xml") == nil, "an open path is not queued twice")
            let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<8 {
                    let queue = JobQueue(worker % 2 == 0 ? a : b)
                    group.addTask {
                        var mine: [Int64] = []
                        while let job = try await queue.claim(owner: "w\(worker)", lease: 30) {
                            mine.append(job.id)
                            #expect(try await queue.complete(id: job.id, owner: "w\(worker)", paperID: nil))
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claims.count == 60)
            #expect(Set(claims).count == 60, "no job claimed twice")
            #expect(try await JobQueue(a).counts() == [.done: 60])
            await a.close()
            await b.close()
        }
    }

    /// A worker that stops renewing loses its job to the next claim, and then cannot finish it.
    @Test func expiredLeaseIsReclaimed() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let queue = JobQueue(database)
            let id = try #require(try await queue.enqueue(path: "/inbox/a.xml"))
            let first = try #require(try await queue.claim(owner: "dead", lease: 2))
            #expect(first.id == id)
            #expect(try await queue.claim(owner: "live", lease: 30) == nil, "a held lease is not taken")
            try await Task.sleep(for: .milliseconds(2500))
            let second = try #require(try await queue.claim(owner: "live", lease: 30))
            #expect(second.id == id && second.attempts == 2)
            #expect(try await queue.complete(id: id, owner: "dead", paperID: nil) == false)
            #expect(try await queue.renew(id: id, owner: "live", lease: 30))
            #expect(try await queue.complete(id: id, owner: "live", paperID: nil))
        }
    }

    /// Transient failures come back after their backoff until attempts run out; permanent
    /// ones end failed with code, line and reason; retry and cancel check the status.
    @Test func retriesBackoffAndPermanentFailures() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let queue = JobQueue(database)
            let id = try #require(try await queue.enqueue(path: "/inbox/t.xml", maxAttempts: 2))
            let transient = JobFailure(code: "store.connection", reason: "connection lost", retryable: true)
            _ = try #require(try await queue.claim(owner: "w", lease: 30))
            #expect(try await queue.fail(id: id, owner: "w", transient, backoff: 0.3) == .queued)
            #expect(try await queue.claim(owner: "w", lease: 30) == nil, "not due before its backoff")
            try await Task.sleep(for: .milliseconds(500))
            _ = try #require(try await queue.claim(owner: "w", lease: 30))
            #expect(try await queue.fail(id: id, owner: "w", transient, backoff: 0) == .failed, "attempts used up")

            let bad = try #require(try await queue.enqueue(path: "/inbox/bad.xml"))
            _ = try #require(try await queue.claim(owner: "w", lease: 30))
            let permanent = JobFailure(code: "jats.malformed", reason: "bad.xml line 7: unclosed tag", line: 7, retryable: false)
            #expect(try await queue.fail(id: bad, owner: "w", permanent, backoff: 0) == .failed)
            let shown = try #require(try await queue.show(id: bad))
            #expect(shown.errorCode == "jats.malformed" && shown.errorLine == 7 && shown.error?.contains("line 7") == true)

            try await queue.retry(id: bad)
            #expect(try await queue.show(id: bad)?.status == .queued)
            try await queue.cancel(id: bad)
            #expect(try await queue.list(status: .cancelled).map(\.id) == [bad])
            await #expect(throws: StoreError.self) { try await queue.cancel(id: bad) }
            await #expect(throws: StoreError.self) { try await queue.retry(id: 999_999) }
        }
    }
}
