import Foundation
import Graph
import Store

/// What the graph list found for a question.
struct GraphExpansion: Sendable {
    /// Chunks best first with their graph score.
    var chunks: [ScoredID] = []
    var entities: [LinkedEntity] = []
    var edges: [RetrievedEdge] = []
    var paths: [[String]] = []
    var values: [RetrievedValue] = []
    /// Why each chunk was found.
    var provenance: [Int64: GraphProvenance] = [:]
}

extension HybridRetriever {
    /// Links the question's entities (its word n-grams normalised like entity keys, matched
    /// against entity keys and aliases), then scores chunks by the entities they mention
    /// (rarer entities weigh more) and the edges they evidence (edges between two question
    /// entities weigh most), and collects the typed edges, shortest paths and values.
    func expandGraph(_ query: String, pool: Int) async throws -> GraphExpansion {
        let reads = RetrievalReads(database)
        let keys = EntityLinking.candidateKeys(query)
        var matches = try await reads.entities(keys: Array(keys))
        matches = EntityLinking.prune(matches)
        matches.sort { EntityLinking.weight($0) > EntityLinking.weight($1) }
        matches = Array(matches.prefix(options.maxEntities))
        var out = GraphExpansion()
        guard !matches.isEmpty else { return out }
        out.entities = matches.map {
            LinkedEntity(key: $0.key, name: $0.name, type: $0.type, via: $0.matched == $0.key ? "lexicon" : "alias",
                         score: EntityLinking.weight($0))
        }
        let ids = matches.map(\.id)
        let weightOf = Dictionary(matches.map { ($0.id, EntityLinking.weight($0)) }, uniquingKeysWith: max)
        let keyOf = Dictionary(matches.map { ($0.id, $0.key) }, uniquingKeysWith: { a, _ in a })

        async let mentionRows = reads.mentions(entityIDs: ids, limitPerEntity: 4 * pool)
        async let edgeRows = reads.edges(around: ids, limit: 8 * pool)
        async let valueRows = reads.values(entityIDs: ids, limit: 20)
        var score: [Int64: Double] = [:]
        var provenance: [Int64: GraphProvenance] = [:]
        for (chunk, entity) in try await mentionRows {
            score[chunk, default: 0] += weightOf[entity] ?? 0
            if let key = keyOf[entity] { provenance[chunk, default: GraphProvenance()].entities.append(key) }
        }
        let questionIDs = Set(ids)
        var seenEdges = Set<String>()
        for e in try await edgeRows {
            let both = questionIDs.contains(e.sourceID) && questionIDs.contains(e.targetID)
            // An edge between two question entities is what the question asks about.
            let w = both ? 2.0 * ((weightOf[e.sourceID] ?? 0) + (weightOf[e.targetID] ?? 0)) : 0.25 * (weightOf[e.sourceID] ?? weightOf[e.targetID] ?? 0)
            score[e.chunkID, default: 0] += w
            let edge = RetrievedEdge(source: e.sourceKey, predicate: e.predicate, target: e.targetKey, polarity: e.polarity,
                                     cue: e.cue, weight: Double(e.weight), sentence: e.sentence, chunkID: e.chunkID, paperID: e.paperID)
            provenance[e.chunkID, default: GraphProvenance()].edges.append(edge)
            if seenEdges.insert("\(e.sourceID) \(e.predicate) \(e.targetID)").inserted { out.edges.append(edge) }
        }
        out.chunks = score.map { ScoredID(id: $0.key, score: $0.value) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        out.chunks = Array(out.chunks.prefix(pool))
        let kept = Set(out.chunks.map(\.id))
        out.provenance = provenance.filter { kept.contains($0.key) }.mapValues {
            var p = $0
            p.entities = Array(Set(p.entities)).sorted()
            return p
        }
        out.values = try await valueRows.map {
            RetrievedValue(entity: $0.entityKey, property: $0.property, low: $0.low, high: $0.high, unit: $0.unit,
                           original: $0.original, sentence: $0.sentence, chunkID: $0.chunkID, paperID: $0.paperID)
        }
        out.paths = try await paths(between: matches, edges: out.edges, reads: reads)
        return out
    }

    /// Shortest typed paths (at most 3 hops) between the strongest question entities not
    /// joined by a direct edge, as entity names along the path.
    func paths(between matches: [EntityMatch], edges: [RetrievedEdge], reads: RetrievalReads) async throws -> [[String]] {
        let top = Array(matches.prefix(3))
        var direct = Set<String>()
        for e in edges { direct.insert(e.source + "\u{1}" + e.target); direct.insert(e.target + "\u{1}" + e.source) }
        var out: [[String]] = []
        for i in top.indices {
            for j in top.indices where j > i {
                let a = top[i], b = top[j]
                if direct.contains(a.key + "\u{1}" + b.key) { out.append([a.name, b.name]); continue }
                let steps = try await reads.shortestPath(from: a.name, to: b.name, maxDepth: 3)
                guard let first = steps.first else { continue }
                out.append([first.source] + steps.map(\.target))
            }
        }
        return out
    }
}
