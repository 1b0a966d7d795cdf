import Testing
@testable import Store

@Suite struct GraphRecordMergeTests {
    func record() -> GraphRecord {
        let ev = { (c: Int, s: Int) in GraphRecord.Evidence(chunkOrdinal: c, sentenceRange: s..<(s + 10), sentence: "sentence") }
        return GraphRecord(
            entities: [
                .init(key: "hydroxylapatite", name: "hydroxylapatite", type: "mineral", aliases: [.init(alias: "hydroxylapatite", normalized: "hydroxylapatite", source: "lexicon")]),
                .init(key: "hydroxyapatite", name: "hydroxyapatite", type: "concept", aliases: [.init(alias: "HAp", normalized: "hap", source: "abbreviation")]),
                .init(key: "bone", name: "bone", type: "cell_tissue"),
                .init(key: "stiffness", name: "stiffness", type: "property"),
            ],
            mentions: [.init(entityKey: "hydroxylapatite", chunkOrdinal: 0, range: 0..<15, surface: "hydroxylapatite")],
            relations: [
                .init(source: "hydroxylapatite", predicate: "INCREASES", target: "stiffness", evidence: [ev(0, 0)]),
                .init(source: "hydroxyapatite", predicate: "INCREASES", target: "stiffness", evidence: [ev(0, 0), ev(1, 5)]),
                .init(source: "hydroxylapatite", predicate: "SIMILAR_TO", target: "hydroxyapatite", evidence: [ev(2, 0)]),
                .init(source: "stiffness", predicate: "CO_OCCURS", target: "hydroxylapatite", evidence: [ev(3, 0)]),
                .init(source: "bone", predicate: "CO_OCCURS", target: "hydroxyapatite", evidence: [ev(3, 0)]),
            ],
            propertyValues: [.init(entityKey: "hydroxylapatite", propertyKey: "stiffness", low: 1, high: 2, unit: "Pa", original: "1-2 Pa", chunkOrdinal: 0, sentenceRange: 0..<10)])
    }

    let merges = ["hydroxylapatite": EntityMerge(aliasKey: "hydroxylapatite", canonicalKey: "hydroxyapatite", canonicalName: "hydroxyapatite", canonicalType: "mineral", similarity: 0.91)]

    @Test func mergedKeysBecomeOneEntityWithJoinedRelations() throws {
        let r = record().rekeyed(merges)
        #expect(r.entities.map(\.key) == ["hydroxyapatite", "bone", "stiffness"])
        let hap = r.entities[0]
        #expect(hap.name == "hydroxyapatite" && hap.type == "mineral")
        #expect(Set(hap.aliases.map(\.normalized)) == ["hydroxylapatite", "hap"])
        #expect(r.mentions[0].entityKey == "hydroxyapatite")
        // The two INCREASES join with evidence de-duplicated; the SIMILAR_TO self-loop goes;
        // CO_OCCURS is stored in key order.
        let increases = try #require(r.relations.first { $0.predicate == "INCREASES" })
        #expect(r.relations.filter { $0.predicate == "INCREASES" }.count == 1)
        #expect(increases.evidence.map(\.chunkOrdinal) == [0, 1])
        #expect(!r.relations.contains { $0.predicate == "SIMILAR_TO" })
        #expect(r.relations.filter { $0.predicate == "CO_OCCURS" }.map { "\($0.source)|\($0.target)" }.sorted() == ["bone|hydroxyapatite", "hydroxyapatite|stiffness"])
        #expect(r.propertyValues[0].entityKey == "hydroxyapatite")
        try r.validate(chunkIDs: [0: 1, 1: 2, 2: 3, 3: 4])
        #expect(r.rekeyed(merges) == r, "rekeying twice changes nothing")
    }

    @Test func noMergesLeaveTheRecordAsIs() {
        #expect(record().rekeyed([:]) == record())
        let unrelated = ["x": EntityMerge(aliasKey: "x", canonicalKey: "y", canonicalName: "y", canonicalType: "concept")]
        #expect(record().rekeyed(unrelated) == record())
    }
}
