import Embedding
import Foundation
import PreflexorTesting
import Reasoning
import Retrieval

/// Shared pieces of the reasoning tests: the real all-MiniLM-L6-v2 encoder (from
/// `.preflexor/models`; tests that need it are skipped loudly without it and fail under
/// CI=true) and hand-made retrieval results over a few written passages.
enum ReasoningFixtures {
    static let home = Fixtures.repositoryRoot.appendingPathComponent(".preflexor")
    static let hasModel = FileManager.default.fileExists(
        atPath: ModelFiles.modelDirectory(home: home).appendingPathComponent("model.safetensors").path)
    static let enabled = hasModel || ProcessInfo.processInfo.environment["CI"] == "true"

    /// One encoder per test process.
    static let encoder: SentenceEncoder? = {
        if !hasModel { print("ReasoningTests: SKIPPED model tests, no embedding model under .preflexor/models (run `preflexor models fetch`)") }
        return try? SentenceEncoder(modelDirectory: try ModelFiles.locate(home: home), threads: 2)
    }()

    static func embedder() throws -> SentenceEmbedder {
        guard let encoder else { throw ReasoningError(.configuration, "no embedding model under \(home.path)/models") }
        return SentenceEmbedder(encoder)
    }

    static func chunk(_ id: Int64, paper: Int64, title: String, section: String, _ text: String) -> RetrievedChunk {
        RetrievedChunk(chunkID: id, paperID: paper, doi: "10.0000/test.\(paper)", title: title, section: section, kind: "paragraph",
                       text: text, scores: ["text": 1], ranks: ["text": Int(id)], fused: 1)
    }

    /// A retrieval about silk and sericin: a negated sericin edge, an asserted beta-sheet edge, a value.
    static func silk(question: String = "Does sericin increase the toughness of silk fibers?") -> RetrievalResult {
        let negated = "Removing or adding sericin did not increase the toughness of the silk fibers in our tensile tests."
        let asserted = "A higher beta-sheet crystal content increases the strength of silk fibers."
        let chunks = [
            chunk(1, paper: 1, title: "Sericin and silk mechanics", section: "Results",
                  "Silk fibers were spun from cocoons and tested in tension at room temperature. " + negated
                      + " The fibers reached a toughness of 70-150 MJ/m3 in all groups [12]."),
            chunk(2, paper: 2, title: "Beta-sheet crystals in silk", section: "Discussion",
                  asserted + " Hydrogen-bonded beta-sheet nanocrystals confine the amorphous chains and resist their pull-out."),
            chunk(3, paper: 3, title: "Cocoon architecture", section: "Introduction",
                  "Cocoons protect the pupa from predators and from changes in humidity. The cocoon wall is a non-woven composite of fibers glued by sericin."),
        ]
        let edges = [
            RetrievedEdge(source: "sericin", predicate: "INCREASES", target: "toughness", polarity: "negated", cue: "not",
                          sentence: negated, chunkID: 1, paperID: 1),
            RetrievedEdge(source: "beta sheet", predicate: "INCREASES", target: "strength", sentence: asserted, chunkID: 2, paperID: 2),
        ]
        let entities = [
            LinkedEntity(key: "sericin", name: "sericin", type: "material", via: "lexicon", score: 0.5),
            LinkedEntity(key: "toughness", name: "toughness", type: "property", via: "lexicon", score: 0.3),
            LinkedEntity(key: "silk fiber", name: "silk fiber", type: "material", via: "lexicon", score: 0.4),
        ]
        let values = [RetrievedValue(entity: "silk fiber", property: "toughness", low: 70, high: 150, unit: "MJ/m3",
                                     original: "70-150 MJ/m3", sentence: "The fibers reached a toughness of 70-150 MJ/m3 in all groups.",
                                     chunkID: 1, paperID: 1)]
        return RetrievalResult(query: question, mode: .hybrid, chunks: chunks, entities: entities, edges: edges, values: values)
    }
}
