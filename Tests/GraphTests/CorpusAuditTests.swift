import Foundation
import Testing
import PreflexorTesting
@testable import Graph

/// The audit run over real papers: `scripts/graph-audit.sh` writes the chunks of
/// ../shared/jats/papers with `scripts/graph-chunks.py` and points PREFLEXOR_GRAPH_CHUNKS at them;
/// this test extracts every paper with the shipped lexicon, checks every edge's evidence, and
/// writes the edges and a seeded random sample of 50 to $PREFLEXOR_GRAPH_REPORT (default /tmp).
struct CorpusAuditTests {
    struct PaperJSON: Decodable {
        struct ChunkJSON: Decodable { var index: Int; var section: String; var text: String }
        var paperKey: String
        var keywords: [String]
        var chunks: [ChunkJSON]
    }

    static var chunksPath: String? { ProcessInfo.processInfo.environment["PREFLEXOR_GRAPH_CHUNKS"] }

    @Test(.enabled(if: chunksPath != nil, "set PREFLEXOR_GRAPH_CHUNKS (scripts/graph-audit.sh)"))
    func auditCorpus() throws {
        let lines = try String(contentsOfFile: Self.chunksPath!, encoding: .utf8).split(separator: "\n")
        let papers = try lines.map { try JSONDecoder().decode(PaperJSON.self, from: Data($0.utf8)) }.map {
            PaperInput(paperKey: $0.paperKey, keywords: $0.keywords,
                       chunks: $0.chunks.map { .init(index: $0.index, section: $0.section, text: $0.text) })
        }
        let extractor = GraphExtractor(lexicon: try Lexicon.load())
        let start = Date()
        let graphs = papers.map { extractor.extract(paper: $0) }
        let seconds = Date().timeIntervalSince(start)
        // Every edge's evidence is the sentence at its offsets in its chunk.
        for (p, g) in zip(papers, graphs) {
            let chunks = Dictionary(uniqueKeysWithValues: p.chunks.map { ($0.index, Array($0.text.unicodeScalars)) })
            for r in g.relations {
                let text = chunks[r.evidence.chunkIndex]!.text(r.evidence.sentenceRange)
                #expect(text == r.evidence.sentence, "evidence offsets do not give the sentence in \(p.paperKey)")
            }
            for m in g.mentions { #expect(chunks[m.chunkIndex]!.text(m.range) == m.surface) }
        }
        let resolved = try EntityResolver(embedder: CharacterNGramEmbedder(), threshold: 0.95).resolve(graphs)
        let communities = Communities.detect(resolved, louvain: try Louvain(seed: 7))
        let relations = resolved.relations
        var byPredicate: [RelationPredicate: Int] = [:]
        for r in relations { byPredicate[r.predicate, default: 0] += 1 }
        let outDir = ProcessInfo.processInfo.environment["PREFLEXOR_GRAPH_REPORT"] ?? "/tmp"
        func row(_ r: Relation) -> String {
            let v = r.value.map { " [\($0.text) -> \($0.low.map { "\($0)" } ?? "-")..\($0.high.map { "\($0)" } ?? "-") \($0.unit)]" } ?? ""
            return "\(r.source)\t\(r.negated ? "NOT " : "")\(r.predicate.rawValue)\(v)\t\(r.target)\t\(r.evidence.paperKey)#\(r.evidence.chunkIndex)\t\(r.evidence.sentence)"
        }
        try relations.map(row).joined(separator: "\n").write(toFile: outDir + "/graph-edges.tsv", atomically: true, encoding: .utf8)
        var rng = SplitMix64(seed: 2026)
        var idx = Array(relations.indices)
        rng.shuffle(&idx)
        try idx.prefix(50).map { row(relations[$0]) }.joined(separator: "\n")
            .write(toFile: outDir + "/graph-sample50.tsv", atomically: true, encoding: .utf8)
        var typedIdx = relations.indices.filter { relations[$0].predicate != .coOccurs }
        rng.shuffle(&typedIdx)
        try typedIdx.prefix(50).map { row(relations[$0]) }.joined(separator: "\n")
            .write(toFile: outDir + "/graph-sample50-typed.tsv", atomically: true, encoding: .utf8)
        let summary = communities.prefix(8).map { c in
            "community \(c.id) (\(c.members.count)): " + c.topEntities.prefix(6).map(\.name).joined(separator: ", ")
                + " | papers: " + c.topPapers.prefix(3).map(\.paperKey).joined(separator: ", ")
        }.joined(separator: "\n")
        let stats = """
        papers \(papers.count), extraction \(String(format: "%.2f", seconds)) s
        entities \(resolved.entities.count), mentions \(graphs.reduce(0) { $0 + $1.mentions.count })
        relations \(relations.count): \(byPredicate.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " "))
        property values \(graphs.reduce(0) { $0 + $1.propertyValues.count })
        communities \(communities.count)
        \(summary)
        """
        try stats.write(toFile: outDir + "/graph-stats.txt", atomically: true, encoding: .utf8)
        print(stats)
        #expect(!relations.isEmpty)
    }
}
