/// The whole entity graph as plain values: for community detection and for export.
public struct GraphSnapshot: Sendable, Codable, Equatable {
    /// Entities ordered by id.
    public var entities: [GraphEntity]
    /// Relations ordered by id.
    public var edges: [Edge]

    public init(entities: [GraphEntity], edges: [Edge]) {
        self.entities = entities
        self.edges = edges
    }

    /// A directed, weighted relation between two entity ids.
    public struct Edge: Sendable, Codable, Equatable {
        public var id: Int64
        public var source: Int64
        public var predicate: String
        public var target: Int64
        /// Distinct evidence sentences.
        public var weight: Int
        /// Distinct papers with evidence.
        public var paperCount: Int
        /// Keys of the papers with evidence, sorted; empty unless asked for.
        public var paperKeys: [String]
        public init(id: Int64, source: Int64, predicate: String, target: Int64, weight: Int, paperCount: Int, paperKeys: [String] = []) {
            self.id = id; self.source = source; self.predicate = predicate; self.target = target
            self.weight = weight; self.paperCount = paperCount; self.paperKeys = paperKeys
        }
    }
}

/// An entity as stored.
public struct GraphEntity: Sendable, Codable, Equatable, Hashable {
    public var id: Int64
    public var key: String
    public var name: String
    public var type: String
    /// Louvain community id, nil before the first run or for entities added since.
    public var community: Int?
    public init(id: Int64, key: String, name: String, type: String, community: Int?) {
        self.id = id; self.key = key; self.name = name; self.type = type; self.community = community
    }
}

/// One Louvain community and what characterises it, stored as `communities.summary` jsonb.
public struct CommunityRecord: Sendable, Codable, Equatable {
    public var id: Int
    public var topEntities: [RankedEntity]
    public var topRelations: [RankedRelation]
    public var topPapers: [RankedPaper]

    public init(id: Int, topEntities: [RankedEntity] = [], topRelations: [RankedRelation] = [], topPapers: [RankedPaper] = []) {
        self.id = id; self.topEntities = topEntities; self.topRelations = topRelations; self.topPapers = topPapers
    }

    /// A central entity of the community (weight: its weighted degree inside it).
    public struct RankedEntity: Sendable, Codable, Equatable {
        public var key: String, name: String, type: String, weight: Double
        public init(key: String, name: String, type: String, weight: Double) {
            self.key = key; self.name = name; self.type = type; self.weight = weight
        }
    }

    /// A frequent relation inside the community (count: evidence sentences).
    public struct RankedRelation: Sendable, Codable, Equatable {
        public var source: String, predicate: String, target: String, count: Int
        public init(source: String, predicate: String, target: String, count: Int) {
            self.source = source; self.predicate = predicate; self.target = target; self.count = count
        }
    }

    /// A paper that evidences much of the community (count: evidence sentences).
    public struct RankedPaper: Sendable, Codable, Equatable {
        public var paperKey: String, count: Int
        public init(paperKey: String, count: Int) { self.paperKey = paperKey; self.count = count }
    }
}
