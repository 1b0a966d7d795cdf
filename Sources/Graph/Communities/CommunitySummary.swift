/// A community of the entity graph with what characterises it.
public struct CommunitySummary: Sendable, Hashable, Codable {
    /// An entity ranked by weighted degree inside the community.
    public struct RankedEntity: Sendable, Hashable, Codable {
        /// Canonical key.
        public var key: String
        /// Display name.
        public var name: String
        /// Entity type.
        public var type: EntityType
        /// Sum of the weights of its edges inside the community.
        public var weight: Double
    }
    /// A relation inside the community with how many sentences state it.
    public struct RankedRelation: Sendable, Hashable, Codable {
        /// Source key.
        public var source: String
        /// RelationPredicate.
        public var predicate: RelationPredicate
        /// Target key.
        public var target: String
        /// Number of evidence sentences.
        public var count: Int
    }
    /// A paper with the number of the community's relations it evidences.
    public struct RankedPaper: Sendable, Hashable, Codable {
        /// The paper's key.
        public var paperKey: String
        /// Number of relations.
        public var count: Int
    }

    /// Community index (0 = largest).
    public var id: Int
    /// Member entity keys, sorted.
    public var members: [String]
    /// Top entities by weighted degree inside the community.
    public var topEntities: [RankedEntity]
    /// Top relations (non-negated, typed before CO_OCCURS at equal counts).
    public var topRelations: [RankedRelation]
    /// Top papers by number of the community's relations.
    public var topPapers: [RankedPaper]
}

/// Communities of a resolved graph: Louvain on the weighted entity graph plus summaries.
public enum Communities {
    /// The undirected entity graph: one edge per relation, weighted by `RelationPredicate.defaultWeight`
    /// (halved when negated); parallel edges add up.
    public static func entityGraph(_ g: ResolvedGraph) -> WeightedGraph {
        WeightedGraph(edges: g.relations.map { r in
            (r.source, r.target, r.predicate.defaultWeight * (r.negated ? 0.5 : 1))
        })
    }

    /// Runs Louvain and summarises each community (top `top` entities, relations and papers).
    public static func detect(_ g: ResolvedGraph, louvain: Louvain, top: Int = 10) -> [CommunitySummary] {
        let graph = entityGraph(g)
        let assignment = louvain.communities(graph)
        var communityOf: [String: Int] = [:]
        for (i, name) in graph.nodes.enumerated() { communityOf[name] = assignment[i] }
        let count = (assignment.max() ?? -1) + 1
        var members = [[String]](repeating: [], count: count)
        for (i, name) in graph.nodes.enumerated() { members[assignment[i]].append(name) }
        var weight = [String: Double]()
        var relationCounts = [[String: (relation: CommunitySummary.RankedRelation, typed: Bool)]](repeating: [:], count: count)
        var paperCounts = [[String: Int]](repeating: [:], count: count)
        for r in g.relations {
            guard let c = communityOf[r.source], communityOf[r.target] == c else { continue }
            let w = r.predicate.defaultWeight * (r.negated ? 0.5 : 1)
            weight[r.source, default: 0] += w
            weight[r.target, default: 0] += w
            paperCounts[c][r.evidence.paperKey, default: 0] += 1
            guard !r.negated else { continue }
            let id = "\(r.source)\t\(r.predicate.rawValue)\t\(r.target)"
            var entry = relationCounts[c][id] ?? (CommunitySummary.RankedRelation(source: r.source, predicate: r.predicate, target: r.target, count: 0), r.predicate != .coOccurs)
            entry.relation.count += 1
            relationCounts[c][id] = entry
        }
        return (0..<count).map { c in
            let entities = members[c].map { key -> CommunitySummary.RankedEntity in
                let e = g.entity(key)
                return .init(key: key, name: e?.name ?? key, type: e?.type ?? .concept, weight: weight[key, default: 0])
            }.sorted { ($0.weight, $1.key) > ($1.weight, $0.key) }
            let relations = relationCounts[c].values.sorted {
                ($0.relation.count, $0.typed ? 1 : 0, $1.relation.source, $1.relation.target,
                 $1.relation.predicate.rawValue)
                    > ($1.relation.count, $1.typed ? 1 : 0, $0.relation.source, $0.relation.target,
                       $0.relation.predicate.rawValue)
            }.map(\.relation)
            let papers = paperCounts[c].map { CommunitySummary.RankedPaper(paperKey: $0.key, count: $0.value) }
                .sorted { ($0.count, $1.paperKey) > ($1.count, $0.paperKey) }
            return CommunitySummary(id: c, members: members[c].sorted(), topEntities: Array(entities.prefix(top)),
                                    topRelations: Array(relations.prefix(top)), topPapers: Array(papers.prefix(top)))
        }
    }
}
