import Foundation
import StoreTesting
import Testing
@testable import Ingest
@testable import Store

/// Errors keep their codes through the pipeline, with whether a retry may help; CPU stages
/// run on the dedicated pool.
@Suite struct IngestFailureTests {
    @Test func classificationKeepsCodesAndRetryability() {
        let parse = IngestFailure.classify(IngestError(.parse, "bad.xml:7: unclosed tag", path: "bad.xml", line: 7), path: "bad.xml")
        #expect(parse == IngestFailure(code: "ingest.parse", reason: "bad.xml:7: unclosed tag", line: 7, retryable: false))
        #expect(IngestFailure.classify(IngestError(.llm, "endpoint down"), path: "a").retryable)
        #expect(IngestFailure.classify(StoreError(.connection, "connection reset"), path: "a")
            == IngestFailure(code: "store.connection", reason: "connection reset", retryable: true))
        #expect(!IngestFailure.classify(StoreError(.conflict, "chunk 9 unknown"), path: "a").retryable)
        #expect(IngestFailure.classify(CancellationError(), path: "a").retryable)
        struct Odd: Error {}
        #expect(IngestFailure.classify(Odd(), path: "a").code == "ingest.unexpected")
    }

    @Test func cpuPoolRunsOnItsOwnThreadsAndPassesErrors() async throws {
        let pool = CPUPool(threads: 2)
        let other = CPUPool(threads: 1)
        let seen = try await withThrowingTaskGroup(of: (Bool, Bool, String, Int?).self) { group in
            for _ in 0..<32 {
                group.addTask { await pool.run { (pool.ownsCurrentThread, other.ownsCurrentThread, CPUPool.currentThreadName, CPUPool.currentThreadNice) } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(seen.count == 32)
        // The pool's threads yield to the caller's: their nice value is raised (capped at 19).
        let callerNice = try #require(CPUPool.currentThreadNice)
        let wanted = min(19, callerNice + Int(CPUPool.niceIncrement))
        #expect(seen.allSatisfy { $0.3 == wanted }, "nice values \(Set(seen.map(\.3))), wanted \(wanted)")
        #expect(seen.allSatisfy { $0.0 && !$0.1 }, "work ran off the pool: \(seen.filter { !$0.0 || $0.1 })")
        #expect(seen.allSatisfy { $0.2.hasPrefix("preflexor-cpu-") }, "\(Set(seen.map(\.2)))")
        #expect(!pool.ownsCurrentThread)
        other.shutdown()
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await pool.run { () throws -> Int in throw Boom() } }
        pool.shutdown()
    }

    /// A malformed file comes back failed with code `ingest.parse`, its line, and not retryable.
    @Test func pipelineOutcomeCarriesTheFailure() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pfx-fail-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let bad = dir.appendingPathComponent("bad.xml")
            try "<article><front>\n<oops></front></article>".write(to: bad, atomically: true, encoding: .utf8)
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false))
            let outcome = await pipeline.ingest(file: bad)
            #expect(outcome.status == .failed)
            #expect(outcome.failure?.code == "ingest.parse" && outcome.failure?.line == 2 && outcome.failure?.retryable == false)
            let gone = await pipeline.ingest(file: dir.appendingPathComponent("missing.xml"))
            #expect(gone.failure?.code == "ingest.unreadable" && gone.failure?.retryable == false)
        }
    }
}
