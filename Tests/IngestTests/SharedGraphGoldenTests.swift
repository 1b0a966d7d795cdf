import Foundation
import Ingest
import PreflexorTesting
import Store
import StoreTesting
import Testing

/// The kg SQL API, pg_regress style, over a graph built by the real pipeline from a fixed set
/// of real papers (../shared/jats/biomaterials): `Tests/Fixtures/SQL/shared/<name>.sql` must
/// print exactly `<name>.out`. Re-record with `PREFLEXOR_RECORD=1` and review the diff.
@Suite struct SharedGraphGoldenTests {
    @Test(.enabled(if: Fixtures.hasSharedCorpus)) func kgOverTheBiomaterialsPapersMatchesGoldenFiles() async throws {
        let folder = try #require(Fixtures.sharedJATS("biomaterials"))
        let files = try SQLGolden.files(in: Fixtures.url("SQL", "shared"))
        #expect(!files.isEmpty, "the golden .sql files are missing")
        try await TestDatabase.withDatabase { database, configuration in
            // One file at a time: entity ids, names and communities then do not depend on timing.
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false, graph: true, concurrency: 1))
            let report = try await pipeline.run(paths: [folder.path])
            #expect(report.failed == 0, "\(report.results.compactMap(\.error))")
            try await GraphBuilder.detectCommunities(database: database)
            for problem in try await SQLGolden.problems(files, configuration: configuration) { Issue.record("\(problem)") }
        }
    }
}
