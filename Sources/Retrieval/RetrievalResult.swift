import Foundation

/// Which candidate lists a retrieval uses.
public enum RetrievalMode: String, Sendable, Codable, CaseIterable {
    /// Exact k-NN over the chunk embeddings.
    case vector
    /// PostgreSQL full-text search over `chunks.tsv`.
    case text
    /// Entities linked in the question, their typed neighbourhood and paths, and the chunks
    /// that evidence those edges or mention those entities.
    case graph
    /// The three lists fused with reciprocal rank fusion, then diversified.
    case hybrid
}

/// One retrieved chunk with its provenance and its score in every list that found it.
public struct RetrievedChunk: Sendable, Codable, Hashable {
    public var chunkID: Int64
    public var paperID: Int64
    public var doi: String?
    public var title: String
    /// The chunk's section path ("Results > Mechanical testing").
    public var section: String
    /// The chunk's kind (abstract, paragraph, caption, ...).
    public var kind: String
    public var text: String
    /// Score in each list that found it, by list name ("vector", "text", "graph").
    public var scores: [String: Double]
    /// 1-based rank in each list that found it.
    public var ranks: [String: Int]
    /// The fused score (for a single-list mode: that list's score).
    public var fused: Double
    /// For chunks found through the graph: the entities and the path that led to them.
    public var graph: GraphProvenance?

    public init(chunkID: Int64, paperID: Int64, doi: String?, title: String, section: String, kind: String, text: String,
                scores: [String: Double] = [:], ranks: [String: Int] = [:], fused: Double = 0, graph: GraphProvenance? = nil) {
        self.chunkID = chunkID; self.paperID = paperID; self.doi = doi; self.title = title; self.section = section
        self.kind = kind; self.text = text; self.scores = scores; self.ranks = ranks; self.fused = fused; self.graph = graph
    }
}

/// Why the graph list returned a chunk.
public struct GraphProvenance: Sendable, Codable, Hashable {
    /// Keys of the entities (linked in the question or reached from them) the chunk mentions or evidences.
    public var entities: [String]
    /// The edges the chunk evidences, if any.
    public var edges: [RetrievedEdge]
    /// The path between question entities this chunk lies on, as entity keys, if any.
    public var path: [String]

    public init(entities: [String] = [], edges: [RetrievedEdge] = [], path: [String] = []) {
        self.entities = entities; self.edges = edges; self.path = path
    }
}

/// A typed edge of the stored graph with one evidence sentence.
public struct RetrievedEdge: Sendable, Codable, Hashable {
    public var source: String
    public var predicate: String
    public var target: String
    /// 'asserted', 'negated' or 'hedged'.
    public var polarity: String
    /// The negation or hedge cue, if any.
    public var cue: String?
    /// The relation's weight (asserted evidence).
    public var weight: Double
    public var sentence: String
    public var chunkID: Int64
    public var paperID: Int64

    public init(source: String, predicate: String, target: String, polarity: String = "asserted", cue: String? = nil,
                weight: Double = 1, sentence: String, chunkID: Int64, paperID: Int64) {
        self.source = source; self.predicate = predicate; self.target = target; self.polarity = polarity; self.cue = cue
        self.weight = weight; self.sentence = sentence; self.chunkID = chunkID; self.paperID = paperID
    }
}

/// An entity linked in the question.
public struct LinkedEntity: Sendable, Codable, Hashable {
    public var key: String
    public var name: String
    public var type: String
    /// How it was linked: "lexicon", "alias", "trigram", "embedding".
    public var via: String
    public var score: Double

    public init(key: String, name: String, type: String, via: String, score: Double) {
        self.key = key; self.name = name; self.type = type; self.via = via; self.score = score
    }
}

/// A stored numeric property value relevant to the question.
public struct RetrievedValue: Sendable, Codable, Hashable {
    public var entity: String?
    public var property: String
    public var low: Double?
    public var high: Double?
    public var unit: String
    /// As written ("10-20 GPa").
    public var original: String
    public var condition: String?
    public var sentence: String?
    public var chunkID: Int64
    public var paperID: Int64

    public init(entity: String?, property: String, low: Double?, high: Double?, unit: String, original: String,
                condition: String? = nil, sentence: String? = nil, chunkID: Int64, paperID: Int64) {
        self.entity = entity; self.property = property; self.low = low; self.high = high; self.unit = unit
        self.original = original; self.condition = condition; self.sentence = sentence; self.chunkID = chunkID; self.paperID = paperID
    }
}

/// Everything one retrieval returns: the ranked chunks and the graph context around the
/// question (what the Reasoning module's generators and critic read).
public struct RetrievalResult: Sendable, Codable {
    public var query: String
    public var mode: RetrievalMode
    /// Ranked, diversified chunks (at most k).
    public var chunks: [RetrievedChunk]
    /// Entities linked in the question.
    public var entities: [LinkedEntity]
    /// Typed edges around the linked entities (1-2 hops) and on paths between them, best first.
    public var edges: [RetrievedEdge]
    /// Shortest typed paths between pairs of linked entities, as entity keys.
    public var paths: [[String]]
    /// Property values of the linked entities.
    public var values: [RetrievedValue]
    /// Milliseconds per stage ("embed", "vector", "text", "graph", "fuse", "total").
    public var timings: [String: Double]

    public init(query: String, mode: RetrievalMode, chunks: [RetrievedChunk] = [], entities: [LinkedEntity] = [],
                edges: [RetrievedEdge] = [], paths: [[String]] = [], values: [RetrievedValue] = [], timings: [String: Double] = [:]) {
        self.query = query; self.mode = mode; self.chunks = chunks; self.entities = entities; self.edges = edges
        self.paths = paths; self.values = values; self.timings = timings
    }
}
