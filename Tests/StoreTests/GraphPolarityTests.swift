import Foundation
import PostgresNIO
import StoreTesting
import Testing
@testable import Store

/// Rows of a query as "a|b|c" lines (NULL as "∅"), every column cast to text by the query.
private func lines(_ database: Database, _ sql: String) async throws -> [String] {
    var out: [String] = []
    let rows = try await database.client.query(PostgresQuery(unsafeSQL: "SELECT concat_ws('|', VARIADIC ARRAY(SELECT coalesce(v, '∅') FROM jsonb_each_text(to_jsonb(t)) AS j(k, v) ORDER BY k)) FROM (\(sql)) t"))
    for try await line in rows.decode(String.self) { out.append(line) }
    return out
}

/// Negated and hedged evidence is stored with its cue, never counted as support, hidden from
/// the default graph walks and shown on request (migration 0007).
@Suite struct GraphPolarityTests {
    /// The bone seed paper with: a relation only denied (osteopontin does not increase Young's
    /// modulus), a hedged second sentence for an asserted relation, a comparison and a value
    /// with its condition.
    static func record() -> GraphRecord {
        var r = KGSeed.graphRecord(KGSeed.bone)
        let sentences = KGSeed.sentences(KGSeed.bone.chunks[1].text)
        func evidence(_ i: Int, _ polarity: GraphRecord.Polarity, _ cue: String?) -> GraphRecord.Evidence {
            .init(chunkOrdinal: 1, sentenceRange: sentences[i].range, sentence: sentences[i].text, polarity: polarity, cue: cue)
        }
        r.relations.append(.init(source: "osteopontin", predicate: "INCREASES", target: "young modulus", evidence: [evidence(2, .negated, "not")]))
        let i = r.relations.firstIndex { $0.source == "mineralization" && $0.predicate == "INCREASES" }!
        r.relations[i].evidence.append(evidence(3, .hedged, "may"))
        r.propertyValues[0].condition = "dry"
        r.comparisons = [.init(a: "cortical bone", b: "bone", propertyKey: "young modulus", direction: "higher", ratio: 2,
                               trigger: "stiffer than", chunkOrdinal: 1, sentenceRange: sentences[1].range, sentence: sentences[1].text)]
        return r
    }

    @Test func deniedAndHedgedEvidenceIsKeptButNotCounted() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let id = try await KGSeed.store(KGSeed.bone, database)
            try await GraphRepository(database).write(Self.record(), paperID: id)

            #expect(try await lines(database, """
                SELECT s.key AS a, r.predicate AS b, t.key AS c, r.weight::text AS d, r.paper_count::text AS e, r.negated::text AS f, r.hedged::text AS g
                FROM relations r JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id
                WHERE t.key = 'young modulus' AND r.predicate = 'INCREASES' ORDER BY s.key
                """) == ["mineralization|INCREASES|young modulus|1|1|0|1", "osteopontin|INCREASES|young modulus|0|0|1|0"])
            #expect(try await lines(database, """
                SELECT polarity AS a, cue AS b FROM relation_evidence WHERE polarity <> 'asserted' ORDER BY polarity
                """) == ["hedged|may", "negated|not"])

            // kg.edges: asserted only; kg.all_edges: everything, with its polarity.
            #expect(Set(try await lines(database, "SELECT source AS a, target AS b FROM kg.edges WHERE source = 'osteopontin'"))
                    == ["osteopontin|non-collagenous protein", "osteopontin|mineralization"])
            #expect(try await lines(database, "SELECT polarity AS a, negated::text AS b FROM kg.all_edges WHERE source = 'osteopontin' AND predicate = 'INCREASES'")
                    == ["negated|1"])
            #expect(try await lines(database, "SELECT negated::text AS a, hedged::text AS b FROM kg.edges WHERE source = 'mineralization' AND predicate = 'INCREASES'")
                    == ["0|1"])

            // Walks: the denied relation is not a path unless asked for.
            let neighbors = "SELECT name AS a FROM kg.neighbors('osteopontin', 1, NULL, 50%@)"
            #expect(Set(try await lines(database, neighbors.replacingOccurrences(of: "%@", with: ""))) == ["mineralization", "non-collagenous protein"])
            #expect(Set(try await lines(database, neighbors.replacingOccurrences(of: "%@", with: ", true")))
                    == ["Young's modulus", "mineralization", "non-collagenous protein"])
            #expect(try await lines(database, "SELECT predicate AS a FROM kg.shortest_path('osteopontin', 'Young''s modulus', 1)").isEmpty)
            #expect(try await lines(database, "SELECT predicate AS a, negated::text AS b FROM kg.shortest_path('osteopontin', 'Young''s modulus', 1, true)")
                    == ["INCREASES|1"])
            #expect(try await lines(database, "SELECT step::text AS a, predicate AS b FROM kg.shortest_path('osteopontin', 'Young''s modulus') ORDER BY step")
                    == ["1|REGULATES", "2|INCREASES"])

            // kg.evidence shows every sentence with its polarity and cue.
            #expect(try await lines(database, "SELECT predicate AS a, polarity AS b, coalesce(cue, '') AS c FROM kg.evidence('osteopontin', 'Young''s modulus')")
                    == ["INCREASES|negated|not"])
            #expect(try await lines(database, "SELECT polarity AS a FROM kg.evidence('mineralization', 'Young''s modulus')").sorted()
                    == ["asserted", "hedged"])
            // Degrees count asserted relations.
            #expect(try await lines(database, "SELECT degree::text AS a FROM kg.entities WHERE name = 'osteopontin'") == ["2"])

            // Comparisons and conditions.
            #expect(try await lines(database, "SELECT a, direction AS b, b AS c, property AS d, ratio::text AS e FROM kg.comparisons('elastic modulus')")
                    == ["cortical bone|higher|bone|Young's modulus|2"])
            #expect(try await lines(database, "SELECT condition AS a FROM kg.property_values('Young''s modulus')") == ["dry"])
        }
    }

    @Test func rewritingAndDeletingAreExactForPolarityAndComparisons() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let id = try await KGSeed.store(KGSeed.bone, database)
            let repository = GraphRepository(database)
            try await repository.write(Self.record(), paperID: id)
            // The same record again: nothing to remove.
            #expect(try await repository.write(Self.record(), paperID: id).staleRowsRemoved == 0)

            // A sentence re-read as asserted moves the weight; the denied relation and the
            // comparison go when the record drops them.
            var record = Self.record()
            let i = record.relations.firstIndex { $0.source == "mineralization" && $0.predicate == "INCREASES" }!
            record.relations[i].evidence[1].polarity = .asserted
            record.relations[i].evidence[1].cue = nil
            record.relations.removeAll { $0.source == "osteopontin" && $0.predicate == "INCREASES" }
            record.comparisons = []
            try await repository.write(record, paperID: id)
            #expect(try await lines(database, "SELECT weight::text AS a, hedged::text AS b FROM kg.edges WHERE source = 'mineralization' AND predicate = 'INCREASES'")
                    == ["2|0"])
            #expect(try await lines(database, "SELECT source AS a FROM kg.all_edges WHERE source = 'osteopontin' AND predicate = 'INCREASES'").isEmpty)
            #expect(try await count(database, "comparisons") == 0)

            // Deleting the paper removes its comparisons with it.
            try await repository.write(Self.record(), paperID: id)
            #expect(try await count(database, "comparisons") == 1)
            #expect(try await PaperRepository(database).delete(id: id))
            #expect(try await count(database, "comparisons") == 0)
            #expect(try await count(database, "relation_evidence") == 0)
        }
    }

    @Test func aComparisonNamingAnUnknownEntityIsRefusedAndNothingIsWritten() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let id = try await KGSeed.store(KGSeed.bone, database)
            var record = Self.record()
            record.comparisons[0].b = "dentin"
            await #expect(throws: StoreError.self) { try await GraphRepository(database).write(record, paperID: id) }
            #expect(try await count(database, "comparisons") == 0)
            record.comparisons[0].b = "bone"
            record.comparisons[0].direction = "bigger"
            let error = await #expect(throws: StoreError.self) { try await GraphRepository(database).write(record, paperID: id) }
            #expect(error?.message.contains("higher, lower or similar") == true)
        }
    }
}
