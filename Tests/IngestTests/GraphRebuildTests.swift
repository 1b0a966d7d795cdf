import Foundation
import Graph
import Ingest
import PostgresNIO
import PreflexorTesting
import Store
import StoreTesting
import Testing

/// The whole graph as text, ids left out: entities with name and type, aliases with source,
/// edges with weights, evidence sentences, mentions and property values.
func fullGraphFingerprint(_ database: Database) async throws -> [String] {
    var lines = try await graphFingerprint(database)
    for try await (key, name, aliases) in try await database.client.query("""
        SELECT e.key, e.name, coalesce(string_agg(DISTINCT a.normalized || '/' || a.source, ' ' ORDER BY a.normalized || '/' || a.source), '')
        FROM entities e LEFT JOIN entity_aliases a ON a.entity_id = e.id GROUP BY e.key, e.name ORDER BY e.key
        """).decode((String, String, String).self) {
        lines.append("N \(key) = \(name) [\(aliases)]")
    }
    for try await (s, p, t, sentence) in try await database.client.query("""
        SELECT s.key, r.predicate, t.key, ev.sentence FROM relation_evidence ev JOIN relations r ON r.id = ev.relation_id
        JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id ORDER BY 1, 2, 3, 4
        """).decode((String, String, String, String).self) {
        lines.append("S \(s) \(p) \(t): \(sentence)")
    }
    for try await (e, p, o) in try await database.client.query("""
        SELECT coalesce(e.key, '-'), p.key, v.original FROM property_values v LEFT JOIN entities e ON e.id = v.entity_id
        JOIN entities p ON p.id = v.property_id ORDER BY 1, 2, 3
        """).decode((String, String, String).self) {
        lines.append("V \(e) \(p) \(o)")
    }
    return lines
}

/// A SQL literal for the tests' plain-text queries.
func q(_ s: String) -> String { (try? GraphQueries.literal(s)) ?? "NULL" }

@Suite struct GraphRebuildTests {
    static let corpus = Fixtures.repositoryRoot.appendingPathComponent("corpus").path

    /// Rebuilding from the stored chunks with the same extractor and no cross-paper merges
    /// gives back exactly the graph that ingest built; communities are stored with summaries.
    @Test func rebuildWithoutMergesGivesTheIngestedGraph() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false, graph: true))
            #expect(try await pipeline.run(paths: [Self.corpus]).failed == 0)
            let ingested = try await fullGraphFingerprint(database)
            let builder = try GraphBuilder(database: database, stage: try GraphStage.embedded(), termEmbedder: nil)
            let report = try await builder.rebuild()
            #expect(report.stored.papers == 8)
            #expect(report.stored.merges == 0)
            let rebuilt = try await fullGraphFingerprint(database)
            #expect(rebuilt == ingested, "differs: \(Set(rebuilt).symmetricDifference(Set(ingested)).sorted().prefix(10))")
            // Communities: every entity with an asserted relation has one; summaries name real entities.
            #expect(report.communities > 1)
            #expect(try await scalar(database, """
                SELECT count(*)::int FROM entities e WHERE e.community IS NULL
                AND EXISTS (SELECT 1 FROM relations r WHERE (r.source_id = e.id OR r.target_id = e.id) AND r.weight > 0)
                """) == 0)
            let communities = try await GraphRepository(database).communities()
            #expect(communities.count == report.communities)
            let largest = try #require(communities.first)
            #expect(largest.size >= communities.last!.size)
            #expect(!largest.community.topEntities.isEmpty && !largest.community.topRelations.isEmpty && !largest.community.topPapers.isEmpty)
            #expect(try await scalar(database, "SELECT count(*)::int FROM entities WHERE key = \(q(largest.community.topEntities[0].key)) AND community = \(largest.community.id)") == 1)
        }
    }

    /// With an embedder, names merge across papers; the merges are recorded, a second rebuild
    /// gives the same graph, and deleting a paper then ingesting it again (which applies the
    /// recorded merges) gives the same graph too.
    @Test func mergesAreIdempotentAndSurviveDeleteAndReingest() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false, graph: true))
            #expect(try await pipeline.run(paths: [Self.corpus]).failed == 0)
            let before = try await scalar(database, "SELECT count(*)::int FROM entities")
            // Character 3-grams at 0.8 merge spelling variants (model-free, deterministic).
            let builder = try GraphBuilder(database: database, stage: try GraphStage.embedded(),
                                           termEmbedder: CharacterNGramEmbedder(), threshold: 0.8)
            let first = try await builder.rebuild()
            #expect(first.stored.merges > 0)
            #expect(first.stored.entities == before - first.stored.merges || first.stored.entities < before)
            let merges = try await GraphRepository(database).merges()
            #expect(merges.count == first.stored.merges)
            // A merged-away key is no entity any more; it is an alias of its canonical entity.
            let m = try #require(merges.first)
            #expect(try await scalar(database, "SELECT count(*)::int FROM entities WHERE key = \(q(m.aliasKey))") == 0)
            #expect(try await scalar(database, """
                SELECT count(*)::int FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
                WHERE e.key = \(q(m.canonicalKey)) AND a.normalized = \(q(m.aliasKey)) AND a.source = 'embedding'
                """) >= 1)
            #expect(try await scalar(database, "SELECT count(*)::int FROM entities WHERE key = \(q(m.canonicalKey)) AND name = \(q(m.canonicalName)) AND type = \(q(m.canonicalType))") == 1)
            let graph = try await fullGraphFingerprint(database)

            _ = try await builder.rebuild()
            #expect(try await fullGraphFingerprint(database) == graph, "a second rebuild changed the graph")
            #expect(try await GraphRepository(database).merges() == merges)

            // Unchanged re-ingest, then delete + re-ingest of every paper in turn.
            _ = try await pipeline.run(paths: [Self.corpus])
            #expect(try await fullGraphFingerprint(database) == graph)
            let repository = PaperRepository(database)
            for doi in ["10.5555/preflexor.2025.0004", "10.5555/preflexor.2024.0003"] {
                let id = try #require(try await repository.find(doi))
                #expect(try await repository.delete(id: id))
                _ = try await pipeline.run(paths: [Self.corpus])
                let again = try await fullGraphFingerprint(database)
                #expect(again == graph, "\(doi): \(Set(again).symmetricDifference(Set(graph)).sorted().prefix(10))")
            }
        }
    }

    /// A rebuild, an ingest that replaces a paper and a delete, run at the same time, all
    /// finish (writers wait for the rebuild and the rebuild for writers in flight: no
    /// deadlock), three rounds over; the graph then rebuilds to a fixed point.
    @Test func rebuildConcurrentWithReplaceAndDeleteFinishes() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false, graph: true))
            #expect(try await pipeline.run(paths: [Self.corpus]).failed == 0)
            let builder = try GraphBuilder(database: database, stage: try GraphStage.embedded(),
                                           termEmbedder: CharacterNGramEmbedder(), threshold: 0.8)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pfx-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let repository = PaperRepository(database)
            for round in 0..<3 {
                let original = try String(contentsOf: URL(fileURLWithPath: Self.corpus).appendingPathComponent("silk.xml"), encoding: .utf8)
                let changed = dir.appendingPathComponent("silk-\(round).xml")
                try original.replacingOccurrences(of: "</body>", with: "<sec><title>Round \(round)</title><p>Silk fibroin films are used for drug delivery.</p></sec></body>")
                    .write(to: changed, atomically: true, encoding: .utf8)
                let victim = try #require(try await repository.find("10.5555/preflexor.2025.0004"))
                async let rebuilt = builder.rebuild()
                async let replaced = pipeline.run(files: [changed])
                async let deleted = repository.delete(id: victim)
                let (report, ingest, gone) = try await (rebuilt, replaced, deleted)
                #expect(report.stored.papers >= 7)
                #expect(ingest.replaced == 1 && ingest.failed == 0, "\(ingest.results.compactMap(\.error))")
                #expect(gone)
                // Bring the deleted paper back for the next round.
                _ = try await pipeline.run(files: try FileDiscovery.expand([Self.corpus]).filter { $0.lastPathComponent != "silk.xml" })
            }
            #expect(try await scalar(database, "SELECT count(*)::int FROM papers") == 8)
            _ = try await builder.rebuild()
            let settled = try await fullGraphFingerprint(database)
            _ = try await builder.rebuild()
            #expect(try await fullGraphFingerprint(database) == settled, "a second rebuild of the final papers changed the graph")
        }
    }

    /// Merge rows that chain (a canonical key that is itself merged) are refused and nothing changes.
    @Test func chainedMergesAreRefused() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false, graph: true))
            _ = try await pipeline.run(paths: [Self.corpus])
            let graph = try await fullGraphFingerprint(database)
            let chain = [EntityMerge(aliasKey: "a", canonicalKey: "b", canonicalName: "b", canonicalType: "concept"),
                         EntityMerge(aliasKey: "b", canonicalKey: "c", canonicalName: "c", canonicalType: "concept")]
            await #expect(throws: StoreError.self) { try await GraphRepository(database).rebuild(records: [:], merges: chain) }
            #expect(try await fullGraphFingerprint(database) == graph)
        }
    }
}
