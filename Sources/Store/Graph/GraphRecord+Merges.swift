/// A cross-paper entity merge: `aliasKey` is stored as the entity `canonicalKey`.
public struct EntityMerge: Sendable, Codable, Equatable, Hashable {
    /// The merged-away key.
    public var aliasKey: String
    /// The key it is stored under.
    public var canonicalKey: String
    /// The canonical entity's display name.
    public var canonicalName: String
    /// The canonical entity's type.
    public var canonicalType: String
    /// Cosine similarity that justified the merge (nil: a merge by rule).
    public var similarity: Double?

    public init(aliasKey: String, canonicalKey: String, canonicalName: String, canonicalType: String, similarity: Double? = nil) {
        self.aliasKey = aliasKey; self.canonicalKey = canonicalKey
        self.canonicalName = canonicalName; self.canonicalType = canonicalType; self.similarity = similarity
    }
}

extension GraphRecord {
    /// The record with every merged key replaced by its canonical key.
    ///
    /// Entities that land on one key become one entity named and typed as the merge says,
    /// with the union of their aliases plus each merged name as an `embedding` alias (this
    /// paper is its provenance). Mentions and property values follow their entities;
    /// relations that became self-loops are dropped and relations that coincide are joined
    /// (evidence de-duplicated by chunk and sentence start). Order is kept, so the result is
    /// deterministic, and rekeying twice gives the same record.
    ///
    /// - Parameter merges: merges by alias key; entries for keys the record does not use are ignored.
    public func rekeyed(_ merges: [String: EntityMerge]) -> GraphRecord {
        let canonicalOf = merges.mapValues(\.canonicalKey)
        let named = Dictionary(merges.values.map { ($0.canonicalKey, $0) }, uniquingKeysWith: { a, _ in a })
        func key(_ k: String) -> String { canonicalOf[k] ?? k }
        guard entities.contains(where: { canonicalOf[$0.key] != nil || named[$0.key] != nil }) else { return self }

        var out = GraphRecord()
        var index: [String: Int] = [:]
        for e in entities {
            let k = key(e.key)
            var aliases = e.aliases
            if k != e.key {
                // The merged name's own alias records how it joined: by the embedding merge.
                aliases = [Alias(alias: e.name, normalized: e.key, source: "embedding")] + aliases.filter { $0.normalized != e.key }
            }
            if let i = index[k] {
                for a in aliases where !out.entities[i].aliases.contains(where: { $0.normalized == a.normalized }) {
                    out.entities[i].aliases.append(a)
                }
            } else {
                var entity = Entity(key: k, name: e.name, type: e.type, aliases: [])
                if let m = named[k] { entity.name = m.canonicalName; entity.type = m.canonicalType }
                for a in aliases where !entity.aliases.contains(where: { $0.normalized == a.normalized }) {
                    entity.aliases.append(a)
                }
                index[k] = out.entities.count
                out.entities.append(entity)
            }
        }
        out.mentions = mentions.map { var m = $0; m.entityKey = key(m.entityKey); return m }
        var relationIndex: [String: Int] = [:]
        for r in relations {
            var s = key(r.source), t = key(r.target)
            guard s != t else { continue }
            if r.predicate == "CO_OCCURS", s > t { swap(&s, &t) }  // undirected: stored in key order
            let id = "\(s)\u{1F}\(r.predicate)\u{1F}\(t)"
            if let i = relationIndex[id] {
                for ev in r.evidence where !out.relations[i].evidence.contains(where: {
                    $0.chunkOrdinal == ev.chunkOrdinal && $0.sentenceRange.lowerBound == ev.sentenceRange.lowerBound
                }) {
                    out.relations[i].evidence.append(ev)
                }
            } else {
                relationIndex[id] = out.relations.count
                out.relations.append(Relation(source: s, predicate: r.predicate, target: t, evidence: r.evidence))
            }
        }
        out.propertyValues = propertyValues.map { v in
            var v = v
            v.entityKey = v.entityKey.map(key)
            v.propertyKey = key(v.propertyKey)
            return v
        }
        out.comparisons = comparisons.compactMap { c in
            var c = c
            c.a = key(c.a); c.b = key(c.b); c.propertyKey = c.propertyKey.map(key)
            return c.a == c.b ? nil : c
        }
        return out
    }

    /// Every entity key the record uses.
    var entityKeys: [String] { entities.map(\.key) }
}
