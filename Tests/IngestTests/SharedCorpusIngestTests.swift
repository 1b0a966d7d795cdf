import Foundation
import Ingest
import PostgresNIO
import PreflexorTesting
import Store
import StoreTesting
import Testing

/// Ingest over ../shared/jats: all 210 papers, the edge cases, and a SIGKILL mid-run.
@Suite(.serialized) struct SharedCorpusIngestTests {
    @Test(.enabled(if: Fixtures.hasSharedCorpus))
    func allSharedPapersIngestAndReingestChangesNothing() async throws {
        let papers = try #require(Fixtures.sharedJATS("papers"))
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false))
            let first = try await pipeline.run(paths: [papers.path])
            #expect(first.files == 210)
            #expect(first.failed == 0, "\(first.results.filter { $0.status == .failed }.map { "\($0.path): \($0.error ?? "")" })")
            let counts = try await tableCounts(database)
            // Distinct papers: the corpus may hold two versions of one DOI, stored once.
            #expect(counts["papers"] == first.inserted)
            #expect(first.inserted + first.replaced == 210)
            let second = try await pipeline.run(paths: [papers.path])
            #expect(second.unchanged == 210)
            #expect(try await tableCounts(database) == counts)
        }
    }

    @Test(.enabled(if: Fixtures.hasSharedCorpus))
    func edgeCasesAreReportedAndLeaveNoPartialRows() async throws {
        let edge = try #require(Fixtures.sharedJATS("edge-cases"))
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false))
            let report = try await pipeline.run(paths: [edge.path])
            #expect(report.failed > 0, "the malformed files must fail")
            for result in report.results where result.status == .failed {
                #expect(!(result.error ?? "").isEmpty, "\(result.path) failed without a reason")
            }
            // Failed files left nothing; stored ones are whole (sections and chunks present).
            let failedPaths = report.results.filter { $0.status == .failed }.map(\.path)
            let stored = try await scalar(database, "SELECT count(*)::int FROM papers WHERE source_path = ANY(ARRAY['\(failedPaths.joined(separator: "','"))'])")
            #expect(stored == 0)
            let papers = try await scalar(database, "SELECT count(*)::int FROM papers")
            #expect(papers == report.inserted - report.replaced + report.replaced)
        }
    }

    /// Killing the process mid-ingest leaves no partial paper; the next run completes the rest.
    @Test(.enabled(if: Fixtures.hasSharedCorpus))
    func sigkillMidIngestLeavesNoPartialPaper() async throws {
        let papers = try #require(Fixtures.sharedJATS("papers"))
        let binary = Fixtures.repositoryRoot.appendingPathComponent(".build/debug/preflexor")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the CLI first (swift build)")
        try await TestDatabase.with { configuration in
            let url = try #require(configuration.databaseURL)
            let process = Process()
            process.executableURL = binary
            process.arguments = ["ingest", "--no-embed", "--concurrency", "2", papers.path]
            process.environment = ProcessInfo.processInfo.environment.merging(["DATABASE_URL": url.fullString]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let database = try await configuration.open(migrate: false)
            // Wait until some papers are in, then kill -9 while it is writing more.
            let deadline = Date().addingTimeInterval(120)
            while try await scalar(database, "SELECT count(*)::int FROM papers") < 20, Date() < deadline, process.isRunning {
                try await Task.sleep(for: .milliseconds(50))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let afterKill = try await scalar(database, "SELECT count(*)::int FROM papers")
            #expect(afterKill >= 20 && afterKill < 210, "the kill landed mid-run (\(afterKill) papers)")

            // Every stored paper is whole: its chunk count is what the mapper makes of its file.
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false))
            let rows = try await database.client.query(
                "SELECT source_path, content_sha256, (SELECT count(*)::int FROM chunks c WHERE c.paper_id = p.id) FROM papers p")
            for try await (path, sha, chunks) in rows.decode((String, String, Int).self) {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                let (record, _) = try pipeline.prepare(data: data, path: path, sha: sha)
                #expect(record.chunks.count == chunks, "\(path) is partial: \(chunks) of \(record.chunks.count) chunks")
            }
            let rest = try await pipeline.run(paths: [papers.path])
            #expect(rest.failed == 0)
            #expect(rest.unchanged == afterKill)
            #expect(rest.unchanged + rest.inserted + rest.replaced == 210)
            await database.close()
        }
    }
}
