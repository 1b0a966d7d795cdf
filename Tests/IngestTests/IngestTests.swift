import Foundation
import Ingest
import JATS
import Text
import PostgresNIO
import PreflexorTesting
import Store
import StoreTesting
import Testing

func tableCounts(_ database: Database) async throws -> [String: Int] {
    try await PaperRepository(database).tableCounts()
}

func scalar(_ database: Database, _ sql: String) async throws -> Int {
    for try await n in try await database.client.query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) { return n }
    return -1
}

@Suite struct IngestTests {
    /// The project's own sample corpus: always available.
    @Test func corpusIngestsAndReingestIsANoOp() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false))
            let corpus = Fixtures.repositoryRoot.appendingPathComponent("corpus").path
            let first = try await pipeline.run(paths: [corpus])
            #expect(first.failed == 0, "\(first.results.filter { $0.status == .failed })")
            #expect(first.inserted == 8)
            let counts = try await tableCounts(database)
            #expect(counts["papers"] == 8)
            #expect((counts["chunks"] ?? 0) > 100)
            #expect((counts["citations"] ?? 0) > 40)
            // Cross-citations inside the corpus are linked.
            #expect(try await scalar(database, "SELECT count(*)::int FROM citations WHERE cited_paper_id IS NOT NULL") >= 2)
            // Every paper has sections, chunks and a normalised section type on its body sections.
            #expect(try await scalar(database, "SELECT count(*)::int FROM papers p WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.paper_id = p.id)") == 0)
            #expect(try await scalar(database, "SELECT count(DISTINCT normalized_type)::int FROM sections WHERE kind = 'body'") >= 4)

            let second = try await pipeline.run(paths: [corpus])
            #expect(second.unchanged == 8)
            #expect(second.inserted + second.replaced + second.failed == 0)
            #expect(try await tableCounts(database) == counts)
        }
    }

    @Test func changedFileReplacesAndDeleteIsExact() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false))
            let corpus = Fixtures.repositoryRoot.appendingPathComponent("corpus")
            _ = try await pipeline.run(paths: [corpus.path])
            let before = try await tableCounts(database)
            // The same DOI with different bytes replaces the stored version atomically.
            let original = try String(contentsOf: corpus.appendingPathComponent("silk.xml"), encoding: .utf8)
            let changed = original.replacingOccurrences(of: "</body>", with: "<sec><title>Addendum</title><p>Silk fibroin is also used for sutures.</p></sec></body>")
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pfx-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            try changed.write(to: dir.appendingPathComponent("silk-v2.xml"), atomically: true, encoding: .utf8)
            let report = try await pipeline.run(paths: [dir.path])
            #expect(report.replaced == 1)
            let after = try await tableCounts(database)
            #expect(after["papers"] == before["papers"])
            #expect(after["chunks"]! > before["chunks"]!)
            #expect(try await scalar(database, "SELECT count(*)::int FROM sections WHERE title = 'Addendum'") == 1)

            let repository = PaperRepository(database)
            let id = try #require(try await repository.find("10.5555/preflexor.2024.0002"))
            #expect(try await repository.delete(id: id))
            for table in ["chunks", "sections", "authors", "citations", "figures", "keywords"] {
                let n = try await scalar(database, "SELECT count(*)::int FROM \(table) WHERE paper_id = \(id)")
                #expect(n == 0, "\(table) keeps rows of the deleted paper")
            }
            // Re-ingesting the deleted paper's file gives back the same rows as before.
            _ = try await pipeline.run(paths: [dir.path])
            #expect(try await tableCounts(database) == after)
        }
    }

    @Test func badFilesAreReportedWithPathAndLineAndStoreNothing() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pfx-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            try "<article><front><article-meta><title-group><article-title>Broken\n</article-meta></front>".write(
                to: dir.appendingPathComponent("broken.xml"), atomically: true, encoding: .utf8)
            try "".write(to: dir.appendingPathComponent("empty.nxml"), atomically: true, encoding: .utf8)
            try "<article><front><article-meta/></front><body><p>No title.</p></body></article>".write(
                to: dir.appendingPathComponent("untitled.xml"), atomically: true, encoding: .utf8)
            let silk = Fixtures.repositoryRoot.appendingPathComponent("corpus/silk.xml").path
            let report = try await pipeline.run(paths: [dir.path, silk])
            #expect(report.failed == 3)
            #expect(report.inserted == 1)
            let broken = try #require(report.results.first { $0.path.hasSuffix("broken.xml") })
            #expect(broken.status == .failed)
            #expect(broken.line != nil, "a malformed file's error names the line")
            #expect(report.results.first { $0.path.hasSuffix("untitled.xml") }?.error?.contains("title") == true)
            #expect(try await scalar(database, "SELECT count(*)::int FROM papers") == 1)
        }
    }

    @Test func pathsThatMatchNothingAreAnError() throws {
        #expect(throws: IngestError.self) { try FileDiscovery.expand(["/nonexistent/papers"]) }
        #expect(throws: IngestError.self) { try FileDiscovery.expand(["/tmp/*.no-such-extension-\(UUID().uuidString)"]) }
        let corpus = Fixtures.repositoryRoot.appendingPathComponent("corpus")
        let viaGlob = try FileDiscovery.expand([corpus.path + "/*.xml"])
        let viaDir = try FileDiscovery.expand([corpus.path, corpus.path + "/silk.xml"])
        #expect(viaGlob == viaDir)
        #expect(viaGlob.count == 8)
    }
}

@Suite struct ChunkKeyTests {
    /// Two abstracts (journal.pbio.0060017: an abstract and an author summary, both stored
    /// under "Abstract") or two sections with the same title must not give two chunks the
    /// same key; that paper was refused by the unique index on chunk_key.
    @Test func sectionsSharingATitleGiveUniqueChunkKeys() throws {
        let xml = """
            <article><front><article-meta><title-group><article-title>Twins</article-title></title-group>
            <article-id pub-id-type="doi">10.5555/twins</article-id>
            <abstract><p>Amyloid fibrils can store a peptide drug.</p></abstract>
            <abstract abstract-type="summary"><p>Fibrils release the drug slowly.</p></abstract>
            </article-meta></front><body>
            <sec><title>Results</title><p>Collagen fibrils carry load in tendon.</p></sec>
            <sec><title>Results</title><p>Hydroxyapatite platelets stiffen bone.</p></sec>
            <sec><p>An untitled section about silk.</p></sec>
            <sec><p>Another untitled section about nacre.</p></sec>
            </body></article>
            """
        let article = try JATSParser().parse(data: Data(xml.utf8), source: "twins.xml")
        let (record, _) = try PaperMapper(chunker: try Chunker()).map(article, path: "twins.xml", sha256: "x", byteSize: xml.utf8.count)
        let keys = record.chunks.map(\.key)
        #expect(record.chunks.count >= 4)
        #expect(Set(keys).count == keys.count, "duplicate chunk keys: \(keys)")
        // The first section with a path keeps the key it always had.
        let first = try #require(record.chunks.first { $0.text.contains("Collagen") })
        #expect(first.key == PaperMapper.chunkKey(paper: record.key, path: ["Results"], ordinal: 0))
    }
}

extension ChunkKeyTests {
    /// Every shared paper maps to chunks with unique keys (journal.pbio.0060017 in
    /// biomaterials/ has an abstract and an author summary that both land under "Abstract").
    @Test(.enabled(if: Fixtures.hasSharedCorpus)) func everySharedPaperHasUniqueChunkKeys() throws {
        let mapper = PaperMapper(chunker: try Chunker())
        var checked = 0
        for folder in ["papers", "biomaterials"] {
            for url in try FileDiscovery.expand([try #require(Fixtures.sharedJATS(folder)).path]) {
                let data = try Data(contentsOf: url)
                guard let article = try? JATSParser().parse(data: data, source: url.path) else { continue }
                let (record, _) = try mapper.map(article, path: url.path, sha256: "x", byteSize: data.count)
                let keys = record.chunks.map { $0.key }
                #expect(Set(keys).count == keys.count, "\(url.lastPathComponent): duplicate chunk keys")
                checked += 1
            }
        }
        #expect(checked >= 220)
    }
}
