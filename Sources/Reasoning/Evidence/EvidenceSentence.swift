import Foundation
import Retrieval

/// One sentence of a retrieved chunk, scored against the question.
public struct EvidenceSentence: Sendable, Codable, Hashable {
    /// Index in the pool (stable for one answer).
    public var id: Int
    /// The source number (1-based rank of its chunk in the retrieval).
    public var source: Int
    public var chunkID: Int64
    /// Position of the sentence in its chunk (0-based).
    public var position: Int
    public var text: String
    /// Cosine similarity with the question (all-MiniLM-L6-v2).
    public var cosine: Double
    /// Share of the question's content terms the sentence contains.
    public var lexical: Double
    /// Share of the question's linked entities the sentence mentions.
    public var entity: Double
    /// The combined relevance to the question, 0...1.
    public var relevance: Double
    /// Typed edges of the graph this sentence evidences (by the stored evidence sentence).
    public var edges: [RetrievedEdge]
    /// The negation cue of the sentence (from its negated edges, else its own words), if any.
    public var negation: String?
    /// The sentence's embedding (unit length), not encoded.
    public var vector: [Float]

    enum CodingKeys: String, CodingKey { case id, source, chunkID, position, text, cosine, lexical, entity, relevance, edges, negation }

    public init(id: Int, source: Int, chunkID: Int64, position: Int, text: String, cosine: Double, lexical: Double,
                entity: Double, relevance: Double, edges: [RetrievedEdge], negation: String?, vector: [Float]) {
        self.id = id; self.source = source; self.chunkID = chunkID; self.position = position; self.text = text
        self.cosine = cosine; self.lexical = lexical; self.entity = entity; self.relevance = relevance
        self.edges = edges; self.negation = negation; self.vector = vector
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id); source = try c.decode(Int.self, forKey: .source)
        chunkID = try c.decode(Int64.self, forKey: .chunkID); position = try c.decode(Int.self, forKey: .position)
        text = try c.decode(String.self, forKey: .text); cosine = try c.decode(Double.self, forKey: .cosine)
        lexical = try c.decode(Double.self, forKey: .lexical); entity = try c.decode(Double.self, forKey: .entity)
        relevance = try c.decode(Double.self, forKey: .relevance); edges = try c.decode([RetrievedEdge].self, forKey: .edges)
        negation = try c.decodeIfPresent(String.self, forKey: .negation); vector = []
    }

    /// Whether the sentence evidences a negated edge or carries a negation cue.
    public var isNegated: Bool { negation != nil }
}
