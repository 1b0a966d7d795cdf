import Foundation
import Testing
@testable import Graph

/// The LLM extractor's pure half over canned replies (no HTTP).
@Suite struct LLMTripleExtractionTests {
    static let text = """
        Nacre is composed of aragonite tablets and a thin organic matrix. The  organic matrix
        contains chitin and silk fibroin. Collagen does not increase the stiffness of nacre.
        HAp increases the hardness of enamel.
        """
    static let chunk = PaperInput.Chunk(index: 3, section: "results", text: text)
    let llm = LLMTripleExtraction(lexicon: TestSupport.lexicon)

    func extract(_ reply: String) throws -> LLMChunkResult {
        try llm.extract(reply: reply, chunk: Self.chunk, paperKey: "doi:10.1/x")
    }

    func triple(_ s: String, _ st: String, _ p: String, _ t: String, _ tt: String, _ sentence: String) -> String {
        let o: [String: String] = ["source": s, "source_type": st, "predicate": p, "target": t, "target_type": tt, "sentence": sentence]
        return String(data: try! JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), encoding: .utf8)!
    }

    @Test func promptListsPredicatesTypesAndTheChunk() {
        let p = llm.prompt(for: Self.chunk)
        for predicate in LLMTripleExtraction.allowedPredicates { #expect(p.system.contains("- \(predicate.rawValue): ")) }
        #expect(!p.system.contains("CO_OCCURS") && !p.system.contains("HAS_VALUE"))
        for type in EntityType.allCases { #expect(p.system.contains(type.rawValue)) }
        #expect(p.system.contains("\"source\", \"source_type\", \"predicate\", \"target\", \"target_type\", \"sentence\""))
        #expect(p.system.contains("verbatim"))
        #expect(p.user.contains(Self.text) && p.user.contains("Section: results"))
        #expect(llm.prompt(for: Self.chunk) == p, "the prompt is deterministic (it keys the cache)")
    }

    @Test func validReplyGivesEntitiesMentionsAndRelationsWithEvidence() throws {
        let reply = "[" + [
            triple("Nacre", "material", "COMPOSED_OF", "aragonite tablets", "mineral",
                   "Nacre is composed of aragonite tablets and a thin organic matrix."),
            triple("organic matrix", "structure", "composed of", "chitin", "polymer",
                   "The organic matrix contains chitin and silk fibroin."),   // whitespace differs from the chunk
        ].joined(separator: ",") + "]"
        let r = try extract(reply)
        #expect(r.triples == 2 && r.kept == 2 && r.dropped.isEmpty)
        let g = r.graph
        #expect(g.entities.map(\.key) == ["aragonite tablet", "chitin", "nacre", "organic matrix"])
        #expect(g.entity("nacre")?.type == .material && g.entity("nacre")?.name == "nacre", "lexicon term and type")
        #expect(g.entity("chitin")?.type == .polymer)
        #expect(g.entity("organic matrix")?.type == .structure && g.entity("organic matrix")?.source == .llm)
        #expect(g.entity("nacre")?.aliases.map(\.text) == ["Nacre"])
        let rel = try #require(g.relations.first { $0.target == "chitin" })
        #expect(rel.source == "organic matrix" && rel.predicate == .composedOf && !rel.negated)
        #expect(rel.evidence.chunkIndex == 3 && rel.evidence.paperKey == "doi:10.1/x")
        let scalars = Array(Self.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[rel.evidence.sentenceRange])) == rel.evidence.sentence)
        #expect(rel.evidence.sentence == "The  organic matrix\ncontains chitin and silk fibroin.", "the chunk's own text")
        // Mentions wherever the names occur (case-insensitive, whole words).
        let nacre = g.mentions.filter { $0.entityKey == "nacre" }
        #expect(nacre.map(\.surface) == ["Nacre", "nacre"])
        #expect(g.mentions.allSatisfy { String(String.UnicodeScalarView(scalars[$0.range])) == $0.surface && $0.chunkIndex == 3 })
        #expect(g.mentions.filter { $0.entityKey == "organic matrix" }.count == 2)
    }

    @Test func fencedAndWrappedRepliesAreRead() throws {
        let t = triple("HAp", "mineral", "increases", "hardness", "property", "HAp increases the hardness of enamel.")
        for reply in ["```json\n[\(t)]\n```", "Here are the triples:\n```\n[\(t)]\n```\nDone.",
                      "Sure [see below]: [\(t)] (1 triple)", "  [\(t)]  "] {
            let r = try extract(reply)
            #expect(r.kept == 1, "\(reply)")
            #expect(r.graph.relations.first?.source == "hydroxyapatite", "HAp resolves to the lexicon term")
            #expect(r.graph.relations.first?.predicate == .increases)
        }
        #expect(try extract("[]").triples == 0)
    }

    @Test func invalidPredicatesMissingFieldsAndEmptyNamesAreDroppedAndCounted() throws {
        let s = "Nacre is composed of aragonite tablets and a thin organic matrix."
        let reply = "[" + [
            triple("nacre", "material", "CONTAINS", "aragonite", "mineral", s),
            triple("nacre", "material", "CO_OCCURS", "aragonite", "mineral", s),
            triple("nacre", "material", "has value", "aragonite", "mineral", s),
            #"{"source": "nacre", "predicate": "COMPOSED_OF", "sentence": "\#(s)"}"#,
            #"{"source": "nacre", "predicate": "COMPOSED_OF", "target": "  ", "sentence": "\#(s)"}"#,
            triple("nacre", "material", "is-a", "--", "mineral", s),
            triple("Nacre", "material", "SIMILAR_TO", "nacre", "material", s),
            #""just a string""#,
            triple("nacre", "widget", "Part Of", "organic matrix", "", s),
        ].joined(separator: ",") + "]"
        let r = try extract(reply)
        #expect(r.triples == 9 && r.kept == 1)
        #expect(r.dropped(.unknownPredicate) == 3)
        #expect(r.dropped.filter { $0.reason == .unknownPredicate }.map(\.detail) == ["CONTAINS", "CO_OCCURS", "has value"])
        #expect(r.dropped(.missingField) == 1 && r.dropped.first { $0.reason == .missingField }?.detail == "target")
        #expect(r.dropped(.emptyField) == 1)
        #expect(r.dropped(.emptyName) == 1 && r.dropped(.selfLoop) == 1 && r.dropped(.notAnObject) == 1)
        let kept = try #require(r.graph.relations.first)
        #expect(kept.predicate == .partOf && kept.target == "organic matrix")
        #expect(r.graph.entity("organic matrix")?.type == .concept, "unknown and missing types are concept")
    }

    @Test func sentenceNotInChunkIsDroppedNeverStoredWithoutEvidence() throws {
        let reply = "[" + [
            triple("nacre", "material", "COMPOSED_OF", "aragonite", "mineral", "Nacre consists of aragonite platelets."),
            triple("nacre", "material", "COMPOSED_OF", "aragonite", "mineral", "Nacre"),
            triple("chitin", "polymer", "PART_OF", "organic matrix", "structure", "The organic matrix contains chitin and silk fibroin."),
        ].joined(separator: ",") + "]"
        let r = try extract(reply)
        #expect(r.dropped(.sentenceNotFound) == 2 && r.kept == 1)
        #expect(r.graph.entity("aragonite") == nil, "entities of dropped triples are not kept")
        #expect(r.graph.relations.count == 1)
    }

    @Test func fragmentOfASentenceWidensToTheWholeSentence() throws {
        let r = try extract("[" + triple("HAp", "mineral", "INCREASES", "hardness", "property", "increases the hardness of enamel") + "]")
        #expect(r.graph.relations.first?.evidence.sentence == "HAp increases the hardness of enamel.")
    }

    @Test func negationWordsMarkTheRelationNegated() throws {
        let reply = "[" + [
            triple("collagen", "protein", "INCREASES", "stiffness", "property", "Collagen does not increase the stiffness of nacre."),
            triple("HAp", "mineral", "INCREASES", "hardness", "property", "HAp increases the hardness of enamel."),
        ].joined(separator: ",") + "]"
        let r = try extract(reply)
        let negated = r.graph.relations.filter(\.negated).map(\.source)
        #expect(negated == ["collagen"])
        #expect(r.graph.relations.count == 2)
    }

    @Test func theModelsPolarityIsKeptUnlessTheSentenceDeniesTheRelation() throws {
        func with(_ t: String, _ extra: String) -> String { String(t.dropLast()) + "," + extra + "}" }
        let reply = "[" + [
            // The model hedges an assertion: kept hedged, cue "llm".
            with(triple("HAp", "mineral", "INCREASES", "hardness", "property", "HAp increases the hardness of enamel."), "\"polarity\":\"hedged\""),
            // The model calls a denial asserted: the sentence's own negation wins.
            with(triple("collagen", "protein", "INCREASES", "stiffness", "property", "Collagen does not increase the stiffness of nacre."),
                 "\"polarity\":\"asserted\""),
            // "negated": true is read as well.
            with(triple("nacre", "material", "COMPOSED_OF", "aragonite tablets", "mineral", "Nacre is composed of aragonite tablets and a thin organic matrix."),
                 "\"negated\":true"),
        ].joined(separator: ",") + "]"
        let r = try extract(reply)
        let byTarget = Dictionary(uniqueKeysWithValues: r.graph.relations.map { ($0.target, ($0.polarity, $0.cue)) })
        #expect(byTarget["hardness"]?.0 == .hedged && byTarget["hardness"]?.1 == "llm")
        #expect(byTarget["stiffness"]?.0 == .negated && byTarget["stiffness"]?.1 == "not")
        #expect(byTarget["aragonite tablet"]?.0 == .negated)
        #expect(LLMTriple.polarity("Negative") == .negated && LLMTriple.polarity("unknown") == nil && LLMTriple.polarity(false) == .asserted)
        #expect(llm.prompt(for: Self.chunk).system.contains("\"polarity\" is \"asserted\""))
    }

    @Test(arguments: [
        ("I could not find any relations.", "contains no JSON array"),
        (#"{"triples": []}"#, "JSON object, not an array"),
        ("[{\"source\": \"nacre\",]", "not valid JSON"),
        ("   ", "empty"),
    ])
    func malformedRepliesThrowNamingTheChunkAndQuotingTheReply(reply: String, what: String) {
        do {
            _ = try extract(reply)
            Issue.record("expected an error for \(reply)")
        } catch let error as GraphError {
            #expect(error.code == .llmReplyMalformed)
            #expect(error.message.contains("chunk 3 of doi:10.1/x"), "\(error.message)")
            #expect(error.message.contains(what), "\(error.message)")
            #expect(error.message.contains("reply begins: \"\(reply.prefix(200))\""))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func longMalformedReplyIsQuotedToTwoHundredCharacters() {
        let reply = String(repeating: "x", count: 500)
        #expect(throws: GraphError.self) { try extract(reply) }
        do { _ = try extract(reply) } catch let e as GraphError {
            #expect(e.message.contains("\"" + String(repeating: "x", count: 200) + "\"…"))
            #expect(!e.message.contains(String(repeating: "x", count: 201)))
        } catch { Issue.record("\(error)") }
    }

    @Test func predicateAndTypeNormalisation() {
        #expect(LLMTriple.predicate(" is a ") == .isA)
        #expect(LLMTriple.predicate("exhibits-property") == .exhibitsProperty)
        #expect(LLMTriple.predicate("Used_For") == .usedFor)
        #expect(LLMTriple.predicate("CO_OCCURS") == nil && LLMTriple.predicate("HAS_VALUE") == nil && LLMTriple.predicate("") == nil)
        #expect(LLMTriple.entityType("Cell tissue") == .cellTissue && LLMTriple.entityType("cell-tissue") == .cellTissue)
        #expect(LLMTriple.entityType("MINERAL") == .mineral && LLMTriple.entityType("gizmo") == .concept)
    }

    @Test func mergingWithTheEmbeddedGraphUnitesEntitiesAndDeduplicatesRelations() throws {
        let text = "Hydroxyapatite increases the stiffness of the scaffold. Nacre consists of aragonite and chitin."
        let embedded = TestSupport.graph(text)
        #expect(embedded.relations.contains { $0.source == "nacre" && $0.predicate == .composedOf && $0.target == "aragonite" },
                "the embedded extractor reads it too: \(embedded.relations)")
        let r = try llm.extract(reply: "[" + [
            triple("Nacre", "material", "COMPOSED_OF", "aragonite", "mineral", "Nacre consists of aragonite and chitin."),
            triple("hydroxyapatite", "mineral", "USED_FOR", "scaffold", "structure",
                   "Hydroxyapatite increases the stiffness of the scaffold."),
        ].joined(separator: ",") + "]", chunk: .init(index: 0, text: text), paperKey: "test")
        let merged = embedded.merged(with: r.graph)
        // Entities by key: nacre once, with the embedded name, type and source and the LLM's alias.
        #expect(merged.entities.filter { $0.key == "nacre" }.count == 1)
        let nacre = try #require(merged.entity("nacre"))
        #expect(nacre.source == embedded.entity("nacre")?.source && nacre.type == .material)
        #expect(nacre.aliases.contains { $0.source == .llm && $0.text == "Nacre" })
        #expect(merged.entity("scaffold")?.type == .structure)
        // The same statement read by both extractors is one relation; the new one is added.
        let composed = merged.relations.filter { $0.source == "nacre" && $0.predicate == .composedOf && $0.target == "aragonite" }
        #expect(composed.count == 1, "\(merged.relations)")
        #expect(merged.relations.count == embedded.relations.count + 1)
        #expect(!embedded.relations.contains { $0.predicate == .usedFor })
        #expect(merged.relations.contains { $0.source == "hydroxyapatite" && $0.predicate == .usedFor && $0.target == "scaffold" })
        // Merging is idempotent; entities stay sorted and unique.
        #expect(merged.merged(with: r.graph) == merged)
        let keys = merged.entities.map(\.key)
        #expect(keys == keys.sorted() && Set(keys).count == keys.count)
    }
}
