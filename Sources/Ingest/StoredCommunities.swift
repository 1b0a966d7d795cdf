import Graph
import Store

/// Louvain communities of the stored entity graph, with what characterises each one.
enum StoredCommunities {
    /// The undirected weighted entity graph of a snapshot: each relation weighs its
    /// predicate's default weight (typed 1, CO_OCCURS 0.25) times its evidence sentences.
    static func weightedGraph(_ snapshot: GraphSnapshot) -> WeightedGraph {
        let keyOf = Dictionary(uniqueKeysWithValues: snapshot.entities.map { ($0.id, $0.key) })
        return WeightedGraph(edges: snapshot.edges.compactMap { e in
            guard let s = keyOf[e.source], let t = keyOf[e.target], s != t else { return nil }
            return (s, t, predicateWeight(e.predicate) * Double(max(1, e.weight)))
        })
    }

    static func predicateWeight(_ predicate: String) -> Double {
        RelationPredicate(rawValue: predicate)?.defaultWeight ?? 1
    }

    /// Community per entity key (entities without relations get none) and one summary per
    /// community: top entities by weighted degree inside it, top relations by evidence
    /// (typed before CO_OCCURS at equal counts), top papers by evidenced relations inside it.
    static func detect(_ snapshot: GraphSnapshot, louvain: Louvain, top: Int) -> ([String: Int], [CommunityRecord]) {
        let graph = weightedGraph(snapshot)
        guard !graph.nodes.isEmpty else { return ([:], []) }
        let assignment = louvain.communities(graph)
        var communityOf: [String: Int] = [:]
        for (i, key) in graph.nodes.enumerated() { communityOf[key] = assignment[i] }
        let count = (assignment.max() ?? -1) + 1
        let entityByID = Dictionary(uniqueKeysWithValues: snapshot.entities.map { ($0.id, $0) })
        var weight: [String: Double] = [:]
        var relations = [[CommunityRecord.RankedRelation]](repeating: [], count: count)
        var papers = [[String: Int]](repeating: [:], count: count)
        var members = [[GraphEntity]](repeating: [], count: count)
        for e in snapshot.entities { if let c = communityOf[e.key] { members[c].append(e) } }
        for e in snapshot.edges {
            guard let s = entityByID[e.source], let t = entityByID[e.target], let c = communityOf[s.key], communityOf[t.key] == c else { continue }
            let w = predicateWeight(e.predicate) * Double(max(1, e.weight))
            weight[s.key, default: 0] += w
            weight[t.key, default: 0] += w
            relations[c].append(.init(source: s.key, predicate: e.predicate, target: t.key, count: e.weight))
            for p in e.paperKeys { papers[c][p, default: 0] += 1 }
        }
        let summaries = (0..<count).map { c -> CommunityRecord in
            let entities = members[c].map { CommunityRecord.RankedEntity(key: $0.key, name: $0.name, type: $0.type, weight: weight[$0.key, default: 0]) }
                .sorted { ($0.weight, $1.key) > ($1.weight, $0.key) }
            let ranked = relations[c].sorted {
                let a = ($0.count, $0.predicate == "CO_OCCURS" ? 0 : 1), b = ($1.count, $1.predicate == "CO_OCCURS" ? 0 : 1)
                if a != b { return a > b }
                return ($0.source, $0.predicate, $0.target) < ($1.source, $1.predicate, $1.target)
            }
            let topPapers = papers[c].map { CommunityRecord.RankedPaper(paperKey: $0.key, count: $0.value) }
                .sorted { ($0.count, $1.paperKey) > ($1.count, $0.paperKey) }
            return CommunityRecord(id: c, topEntities: Array(entities.prefix(top)), topRelations: Array(ranked.prefix(top)),
                                   topPapers: Array(topPapers.prefix(top)))
        }
        return (communityOf, summaries)
    }
}
