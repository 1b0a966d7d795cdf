import Foundation
import Ingest
import PostgresNIO
import PreflexorTesting
import Store
import StoreTesting
import Testing

/// The graph as text: entities with types, and edges with weights and paper counts.
func graphFingerprint(_ database: Database) async throws -> [String] {
    var lines: [String] = []
    for try await (key, type) in try await database.client.query("SELECT key, type FROM entities ORDER BY key").decode((String, String).self) {
        lines.append("E \(key) \(type)")
    }
    let edges = try await database.client.query("""
        SELECT s.key, r.predicate, t.key, r.weight, r.paper_count FROM relations r
        JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id ORDER BY 1, 2, 3
        """)
    for try await (s, p, t, w, n) in edges.decode((String, String, String, Int, Int).self) {
        lines.append("R \(s) \(p) \(t) w=\(w) papers=\(n)")
    }
    for try await (n,) in try await database.client.query("SELECT count(*)::int FROM relation_evidence").decode((Int,).self) {
        lines.append("evidence \(n)")
    }
    for try await (n,) in try await database.client.query("SELECT count(*)::int FROM mentions").decode((Int,).self) {
        lines.append("mentions \(n)")
    }
    return lines
}

@Suite struct GraphIngestTests {
    @Test func corpusGraphHasTypedEdgesWithEvidenceAndIsStable() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false, graph: true))
            let corpus = Fixtures.repositoryRoot.appendingPathComponent("corpus").path
            let report = try await pipeline.run(paths: [corpus])
            #expect(report.failed == 0)
            let graph = try await graphFingerprint(database)
            #expect(graph.filter { $0.hasPrefix("E ") }.count > 50)
            let typed = graph.filter { $0.hasPrefix("R ") && !$0.contains(" CO_OCCURS ") }
            #expect(typed.count >= 5, "typed relations: \(typed)")
            // Every relation has evidence whose sentence lies inside its chunk.
            let bad = try await scalar(database, """
                SELECT count(*)::int FROM relation_evidence e JOIN chunks c ON c.id = e.chunk_id
                WHERE substr(c.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) <> e.sentence
                """)
            #expect(bad == 0, "evidence offsets must point at the sentence in the chunk")
            #expect(try await scalar(database, "SELECT count(*)::int FROM relations r WHERE NOT EXISTS (SELECT 1 FROM relation_evidence e WHERE e.relation_id = r.id)") == 0)
            // A negated statement in the corpus is kept as negated evidence, never as support.
            // ("Mineral content does not increase the toughness of cortical bone; toughness is
            // controlled by the collagen phase": the second clause's relations stay asserted.)
            let mineralToughness = """
                FROM relation_evidence e JOIN relations r ON r.id = e.relation_id
                JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id
                WHERE e.sentence ILIKE '%does not increase the toughness%'
                  AND ((s.key LIKE '%mineral%' AND t.key LIKE '%toughness%') OR (t.key LIKE '%mineral%' AND s.key LIKE '%toughness%'))
                """
            let deniedAsAsserted = try await scalar(database, "SELECT count(*)::int \(mineralToughness) AND e.polarity <> 'negated'")
            #expect(deniedAsAsserted == 0)
            let denied = try await scalar(database, "SELECT count(*)::int \(mineralToughness) AND e.polarity = 'negated' AND e.cue IS NOT NULL")
            #expect(denied >= 1, "the corpus's \"does not increase\" sentence is stored, marked negated")
            // Weights count asserted sentences only; kg.edges shows asserted relations.
            #expect(try await scalar(database, """
                SELECT count(*)::int FROM relations r WHERE r.weight <> (SELECT count(DISTINCT (e.chunk_id, e.sentence_start))
                    FROM relation_evidence e WHERE e.relation_id = r.id AND e.polarity = 'asserted')
                """) == 0)
            #expect(try await scalar(database, "SELECT count(*)::int FROM kg.edges WHERE weight = 0") == 0)

            // Unchanged re-ingest: the same graph.
            _ = try await pipeline.run(paths: [corpus])
            #expect(try await graphFingerprint(database) == graph)

            // Delete a paper, re-ingest it: the same graph again.
            let repository = PaperRepository(database)
            let id = try #require(try await repository.find("10.5555/preflexor.2025.0004"))
            #expect(try await repository.delete(id: id))
            let without = try await graphFingerprint(database)
            #expect(without != graph, "deleting a paper removes what only it evidenced")
            _ = try await pipeline.run(paths: [corpus])
            let again = try await graphFingerprint(database)
            #expect(again == graph, "differs: \(Set(again).symmetricDifference(Set(graph)).sorted().prefix(20))")
        }
    }
}
