import Foundation
import Graph
import Retrieval

/// The thinking block written from the graph and the chosen evidence (the embedded generator's
/// first round, and the critic's revision for every generator), in method.md's categories, Knowledge Graph first:
/// the question's concepts and the typed edges used (negated edges written as negations,
/// never as support), reasoning steps over the chosen evidence, materials and concepts,
/// property values with units, design principles from asserted causal edges, and a
/// hypothesis only when a stored path of asserted causal edges joins two question concepts
/// that no direct edge joins.
struct GraphThinking {
    let request: GenerationRequest
    let used: [Int]

    static let causal: Set<String> = ["INCREASES", "DECREASES", "REGULATES", "CAUSES", "DETERMINES", "CONTRIBUTES_TO", "ENHANCES", "REDUCES"]

    func render() -> String {
        ThinkingBlock.render([
            (.knowledgeGraph, knowledgeGraph()), (.reasoningSteps, steps()), (.materials, materials()),
            (.designPrinciples, principles()), (.properties, properties()), (.hypothesis, hypothesis()),
        ])
    }

    var pool: EvidencePool { request.evidence }
    var sourceOfChunk: [Int64: Int] {
        Dictionary(pool.chunks.map { ($0.value.chunkID, $0.key) }, uniquingKeysWith: min)
    }

    /// The edges used: those the chosen sentences evidence, then edges between two question
    /// entities, then the strongest edges whose evidence was retrieved; at most 6.
    func edges() -> [RetrievedEdge] {
        var out: [RetrievedEdge] = []
        var seen = Set<String>()
        func add(_ e: RetrievedEdge) {
            guard e.predicate != "CO_OCCURS", out.count < 6 else { return }
            if seen.insert("\(e.source)|\(e.predicate)|\(e.target)|\(e.polarity)").inserted { out.append(e) }
        }
        for id in used { pool.sentences[id].edges.forEach(add) }
        let keys = Set(request.retrieval.entities.map(\.key))
        request.retrieval.edges.filter { keys.contains($0.source) && keys.contains($0.target) }.forEach(add)
        let sources = sourceOfChunk
        request.retrieval.edges.filter { sources[$0.chunkID] != nil }.prefix(6).forEach(add)
        return out
    }

    static func render(_ e: RetrievedEdge, source: Int?) -> String {
        let cite = source.map { " [\($0)]" } ?? ""
        switch e.polarity {
        case "negated": return "[\(e.source)] -[NOT \(e.predicate)]-> [\(e.target)] (negated evidence: \"\(e.cue ?? "not")\"; not support)\(cite)"
        case "hedged": return "[\(e.source)] -[\(e.predicate)]-> [\(e.target)] (hedged: \"\(e.cue ?? "may")\")\(cite)"
        default: return "[\(e.source)] -[\(e.predicate)]-> [\(e.target)]\(cite)"
        }
    }

    func knowledgeGraph() -> [String] {
        var lines: [String] = []
        let concepts = request.retrieval.entities.prefix(5).map(\.name)
        if !concepts.isEmpty { lines.append("Concepts: " + concepts.joined(separator: ", ")) }
        let sources = sourceOfChunk
        lines += edges().map { Self.render($0, source: sources[$0.chunkID]) }
        for path in request.retrieval.paths.prefix(2) where path.count >= 3 {
            lines.append("Path: " + path.map { "[\($0)]" }.joined(separator: " -> "))
        }
        return lines
    }

    func steps() -> [String] {
        var lines: [String] = []
        let names = request.retrieval.entities.prefix(5).map(\.name)
        if !names.isEmpty { lines.append("The question is about " + names.joined(separator: ", ") + ".") }
        for id in used {
            let e = pool.sentences[id]
            let section = pool.chunks[e.source]?.section ?? ""
            let words = EmbeddedGenerator.clean(e.text).split(separator: " ")
            let gist = words.prefix(18).joined(separator: " ") + (words.count > 18 ? " …" : "")
            let stance = e.isNegated ? " (a negative finding: \"\(e.negation ?? "not")\")" : ""
            lines.append("[\(e.source)] \(section.isEmpty ? "" : section + ": ")\(gist)\(stance)")
        }
        if let c = request.critique, !c.isClean {
            lines.append("Revised after reflection: " + c.text.replacingOccurrences(of: "\n", with: " "))
        }
        if !used.isEmpty { lines.append("Answer from the evidence above, each statement cited to its source.") }
        return lines
    }

    func materials() -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for e in request.retrieval.entities where seen.insert(e.key).inserted { out.append("\(e.name) (\(e.type))") }
        for edge in edges() {
            for key in [edge.source, edge.target] where seen.insert(key).inserted { out.append(key) }
        }
        return Array(out.prefix(8))
    }

    func properties() -> [String] {
        let sources = sourceOfChunk
        let values = request.retrieval.values.sorted { (sources[$0.chunkID] ?? 99) < (sources[$1.chunkID] ?? 99) }
        return values.prefix(6).map { v in
            let subject = v.entity.map { "\($0): " } ?? ""
            let condition = v.condition.map { " (\($0))" } ?? ""
            let cite = sources[v.chunkID].map { " [\($0)]" } ?? " (stored value; its chunk was not retrieved)"
            return "\(subject)\(v.property) = \(v.original)\(condition)\(cite)"
        }
    }

    func principles() -> [String] {
        let sources = sourceOfChunk
        return edges().filter { $0.polarity == "asserted" && Self.causal.contains($0.predicate) }.prefix(3).map { e in
            let verb = e.predicate.lowercased().replacingOccurrences(of: "_", with: " ")
            let cite = sources[e.chunkID].map { " [\($0)]" } ?? ""
            return "Tune \(e.source) to control \(e.target): \(e.source) \(verb) \(e.target)\(cite)"
        }
    }

    /// A two-step chain of asserted causal edges between question concepts with no direct edge.
    func hypothesis() -> [String] {
        let edges = request.retrieval.edges.filter { $0.polarity == "asserted" && Self.causal.contains($0.predicate) }
        let keys = Set(request.retrieval.entities.map(\.key))
        let direct = Set(request.retrieval.edges.map { "\($0.source)|\($0.target)" })
        for a in edges where keys.contains(a.source) {
            for b in edges where b.source == a.target && b.target != a.source && keys.contains(b.target) {
                if direct.contains("\(a.source)|\(b.target)") || direct.contains("\(b.target)|\(a.source)") { continue }
                let v1 = a.predicate.lowercased().replacingOccurrences(of: "_", with: " ")
                let v2 = b.predicate.lowercased().replacingOccurrences(of: "_", with: " ")
                return ["\(a.source) may act on \(b.target) through \(a.target): \(a.source) \(v1) \(a.target), and \(a.target) \(v2) \(b.target) (no direct evidence; to be tested)"]
            }
        }
        return []
    }
}
