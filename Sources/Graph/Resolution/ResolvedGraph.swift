/// The papers' graphs after entity resolution: one entity per canonical key, and every paper's
/// mentions, relations and values re-keyed to canonical keys.
public struct ResolvedGraph: Sendable, Hashable, Codable {
    /// Canonical entities, sorted by key; aliases carry provenance (paper, source, similarity).
    public var entities: [Entity]
    /// Every input entity key -> its canonical key.
    public var canonicalKey: [String: String]
    /// The input papers re-keyed to canonical keys (self-loops made by merging dropped), sorted by paper key.
    public var papers: [PaperGraph]

    /// Creates a resolved graph.
    public init(entities: [Entity], canonicalKey: [String: String], papers: [PaperGraph]) {
        self.entities = entities
        self.canonicalKey = canonicalKey
        self.papers = papers
    }

    /// All relations of all papers.
    public var relations: [Relation] { papers.flatMap(\.relations) }

    /// The entity with this canonical key.
    public func entity(_ key: String) -> Entity? {
        var lo = 0, hi = entities.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if entities[mid].key == key { return entities[mid] }
            if entities[mid].key < key { lo = mid + 1 } else { hi = mid - 1 }
        }
        return nil
    }
}
