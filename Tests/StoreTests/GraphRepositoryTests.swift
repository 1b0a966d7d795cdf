import Foundation
import PostgresNIO
import PreflexorTesting
import StoreTesting
import Testing
@testable import Store

/// Every graph row with its id, for "nothing changed at all" checks.
private func rowsWithIDs(_ database: Database) async throws -> [String] {
    var lines: [String] = []
    for table in ["entities", "entity_aliases", "mentions", "relations", "relation_evidence", "property_values"] {
        let sql = "SELECT to_jsonb(t)::text FROM (SELECT * FROM \(table)) t ORDER BY id"
        for try await line in try await database.client.query(PostgresQuery(unsafeSQL: sql)).decode(String.self) {
            // created_at differs between runs of a statement only when a row was rewritten.
            lines.append(table + " " + line)
        }
    }
    return lines
}

/// "weight/papers" of a relation given by entity keys, or nil.
private func relation(_ database: Database, _ s: String, _ p: String, _ t: String) async throws -> String? {
    // A typed PostgresQuery, so the names become binds (the String overload in MigratorTests would not).
    let query: PostgresQuery = """
        SELECT r.weight, r.paper_count FROM relations r JOIN entities a ON a.id = r.source_id JOIN entities b ON b.id = r.target_id
        WHERE a.key = \(s) AND r.predicate = \(p) AND b.key = \(t)
        """
    let rows = try await database.client.query(query)
    for try await (w, n) in rows.decode((Int, Int).self) { return "\(w)/\(n)" }
    return nil
}

@Suite struct GraphRepositoryTests {
    @Test func writingTheSameRecordTwiceChangesNothing() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let id = try await KGSeed.store(KGSeed.bone, database)
            let before = try await rowsWithIDs(database)
            #expect(before.count > 40)
            let summary = try await GraphRepository(database).write(KGSeed.graphRecord(KGSeed.bone), paperID: id)
            #expect(summary.staleRowsRemoved == 0)
            #expect(summary.relations == 11)
            let after = try await rowsWithIDs(database)
            #expect(after == before, "a second write of the same record must leave every row (ids included) as it was")
        }
    }

    @Test func weightsCountDistinctSentencesAndPapers() async throws {
        try await TestDatabase.withDatabase { database, _ in
            try await KGSeed.seed(database)
            // Three sentences in one paper.
            #expect(try await relation(database, "nacre", "EXHIBITS_PROPERTY", "fracture toughness") == "3/1")
            // One sentence in each of two papers.
            #expect(try await relation(database, "bone", "IS_A", "hierarchical composite") == "2/2")
            // The same sentence listed twice for one relation counts once.
            var record = KGSeed.graphRecord(KGSeed.silk)
            record.relations[0].evidence.append(record.relations[0].evidence[0])
            let silk = try #require(try await PaperRepository(database).find("10.5555/kg.silk"))
            try await GraphRepository(database).write(record, paperID: silk)
            #expect(try await relation(database, "spider silk", "COMPOSED_OF", "spidroin") == "1/1")
            let mismatched = try await database.client.query(
                """
                SELECT count(*)::int FROM relations r WHERE (r.weight, r.paper_count) <> (
                    SELECT count(DISTINCT (e.chunk_id, e.sentence_start))::int, count(DISTINCT e.paper_id)::int
                    FROM relation_evidence e WHERE e.relation_id = r.id)
                """).decodeOne(Int.self)
            #expect(mismatched == 0)
            #expect(try await count(database, "relations") == 36)
            #expect(try await count(database, "entities") == 28)
        }
    }

    @Test func deletingAPaperAndStoringItAgainGivesTheSameGraph() async throws {
        try await TestDatabase.withDatabase { database, _ in
            try await KGSeed.seed(database)
            let original = try await KGSeed.dump(database)
            let repository = PaperRepository(database)
            let nacre = try #require(try await repository.find("10.5555/kg.nacre"))
            let nacreEntityID = try await database.client.query("SELECT id FROM entities WHERE key = 'nacre'").decodeOne(Int64.self)
            #expect(try await repository.delete(id: nacre))

            let afterDelete = try await KGSeed.dump(database)
            #expect(!afterDelete.contains { $0.hasPrefix("entity aragonite|") }, "an entity only the deleted paper supported is gone")
            #expect(!afterDelete.contains { $0.contains("kg.nacre") }, "no row of the deleted paper remains")
            #expect(try await relation(database, "nacre", "IS_A", "hierarchical composite") == "1/1", "the review still states it")
            #expect(try await relation(database, "nacre", "SIMILAR_TO", "bone") == nil)
            #expect(try await database.client.query("SELECT id FROM entities WHERE key = 'nacre'").decodeOne(Int64.self) == nacreEntityID,
                    "an entity another paper still supports keeps its id")
            #expect(try await count(database, "property_values") == 3)
            let size = try await database.client.query("SELECT size FROM communities WHERE id = 2").decodeOne(Int.self)
            #expect(size == 5, "community sizes follow the pruned entities (nacre, fracture toughness, mineral bridge, bioinspired design, stiffness)")

            try await KGSeed.store(KGSeed.nacre, database)
            #expect(try await KGSeed.dump(database) == original)
        }
    }

    @Test func rewritingWithLessRemovesWhatIsNoLongerStated() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let id = try await KGSeed.store(KGSeed.silk, database)
            let silkID = try await database.client.query("SELECT id FROM entities WHERE key = 'spider silk'").decodeOne(Int64.self)
            var record = KGSeed.graphRecord(KGSeed.silk)
            // Drop "Water decreases the stiffness of spider silk." entirely.
            record.relations.removeAll { $0.source == "water" || $0.target == "stiffness" }
            record.mentions.removeAll { $0.entityKey == "water" || $0.entityKey == "stiffness" }
            record.entities.removeAll { $0.key == "water" || $0.key == "stiffness" }
            record.propertyValues = []
            let summary = try await GraphRepository(database).write(record, paperID: id)
            #expect(summary.staleRowsRemoved > 0)
            let keys = try await database.client.query("SELECT string_agg(key, ',' ORDER BY key) FROM entities").decodeOne(String.self)
            #expect(keys == "beta sheet nanocrystal,hydrogen bond,spider silk,spidroin,tensile strength")
            #expect(try await count(database, "relations") == 5)
            #expect(try await count(database, "property_values") == 0)
            #expect(try await database.client.query("SELECT id FROM entities WHERE key = 'spider silk'").decodeOne(Int64.self) == silkID)
        }
    }

    @Test func anInconsistentRecordIsRefusedAndNothingIsStored() async throws {
        try await TestDatabase.withDatabase { database, _ in
            var unknownChunk = KGSeed.graphRecord(KGSeed.bone)
            unknownChunk.mentions[0].chunkOrdinal = 9
            var unknownEntity = KGSeed.graphRecord(KGSeed.bone)
            unknownEntity.relations[0].target = "unobtainium"
            var noEvidence = KGSeed.graphRecord(KGSeed.bone)
            noEvidence.relations[0].evidence = []
            for (record, code, words) in [(unknownChunk, StoreError.Code.notFound, "chunk 9"),
                                          (unknownEntity, .conflict, "unobtainium"),
                                          (noEvidence, .conflict, "no evidence")] {
                await #expect {
                    try await PaperRepository(database).store(KGSeed.paperRecord(KGSeed.bone)) { transaction, _, _ in
                        try await transaction.writeGraph(record)
                    }
                } throws: { error in
                    guard let error = error as? StoreError else { return false }
                    return error.code == code && error.message.contains(words)
                }
            }
            for table in ["papers", "entities", "mentions", "relations", "relation_evidence"] {
                let n = try await count(database, table)
                #expect(n == 0, "\(table) has rows of a refused record")
            }
        }
    }

    @Test func entityTypeIsRefinedOnlyFromConcept() async throws {
        try await TestDatabase.withDatabase { database, _ in
            var bone = KGSeed.graphRecord(KGSeed.bone)
            let i = try #require(bone.entities.firstIndex { $0.key == "hierarchical composite" })
            let j = try #require(bone.entities.firstIndex { $0.key == "bone" })
            bone.entities[i].type = "structure"   // more specific than the seed's concept
            bone.entities[j].type = "concept"      // less specific than material
            bone.entities[j].name = "Bone"
            try await KGSeed.store(KGSeed.nacre, database)
            try await KGSeed.store(KGSeed.review, database)
            let id = try await PaperRepository(database).store(KGSeed.paperRecord(KGSeed.bone)).id
            try await GraphRepository(database).write(bone, paperID: id)
            let rows = try await database.client.query(
                "SELECT key || '=' || name || ':' || type FROM entities WHERE key IN ('bone', 'hierarchical composite') ORDER BY key")
            var got: [String] = []
            for try await s in rows.decode(String.self) { got.append(s) }
            #expect(got == ["bone=bone:material", "hierarchical composite=hierarchical composite:structure"])
        }
    }

    @Test func snapshotCommunitiesAndEntityEmbeddings() async throws {
        try await TestDatabase.withDatabase { database, _ in
            try await KGSeed.seed(database)
            let graph = GraphRepository(database)
            let snapshot = try await graph.graphSnapshot(paperKeys: true)
            #expect(snapshot.entities.count == 28)
            #expect(snapshot.edges.count == 36)
            let byID = Dictionary(uniqueKeysWithValues: snapshot.entities.map { ($0.id, $0.key) })
            let shared = try #require(snapshot.edges.first { byID[$0.source] == "bone" && $0.predicate == "IS_A" })
            #expect(shared.weight == 2 && shared.paperCount == 2)
            #expect(shared.paperKeys == ["doi:10.5555/kg.bone", "doi:10.5555/kg.review"])
            #expect(snapshot.entities.first { $0.key == "chitin" }?.community == 2)
            #expect(try await graph.graphSnapshot().edges.allSatisfy { $0.paperKeys.isEmpty })

            let stored = try await graph.communities()
            #expect(stored.map { $0.size } == [11, 10, 7])
            #expect(stored.first { $0.community.id == 1 }?.community.topRelations.first?.count == 2)
            #expect(stored.first { $0.community.id == 3 }?.community.topEntities.isEmpty == true)

            let assigned = try await graph.replaceCommunities(assignments: ["bone": 7, "nacre": 7, "no such entity": 8], summaries: [])
            #expect(assigned == 2)
            #expect(try await graph.communities().map { "\($0.community.id):\($0.size)" } == ["7:2", "8:0"])

            let missing = try await graph.entityEmbeddingsMissing(model: "test-2d")
            #expect(missing.count == 28)
            try await graph.storeEntityEmbeddings(model: "test-2d", vectors: [missing[0].id: [0.6, 0.8], missing[1].id: [1, 0]])
            let left = try await graph.entityEmbeddingsMissing(model: "test-2d")
            #expect(left.count == 26 && !left.contains(missing[0]))
            let vector = try await database.client.query(
                "SELECT vector FROM embeddings WHERE entity_id = \(missing[0].id) AND model = 'test-2d'").decodeOne([Float].self)
            #expect(vector == [0.6, 0.8])
            await #expect(throws: StoreError.self) {
                try await graph.storeEntityEmbeddings(model: "test-2d", vectors: [missing[2].id: [1], missing[3].id: [1, 2]])
            }
        }
    }
}
