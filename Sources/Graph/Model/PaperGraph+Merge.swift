extension PaperGraph {
    /// This graph with another graph of the same paper merged in (the embedded extractor's
    /// graph with the LLM's, or chunk graphs into one): entities by key, this graph's name and
    /// source kept, a `concept` type replaced by the other's typed guess, aliases united;
    /// mentions and relations united without duplicates (this graph's first); property values
    /// and comparisons concatenated.
    public func merged(with other: PaperGraph) -> PaperGraph {
        var byKey: [String: Entity] = [:]
        for e in entities { byKey[e.key] = e }
        for e in other.entities {
            guard var mine = byKey[e.key] else { byKey[e.key] = e; continue }
            if mine.type == .concept, e.type != .concept { mine.type = e.type }
            mine.aliases = Array(Set(mine.aliases).union(e.aliases)).sorted()
            byKey[e.key] = mine
        }
        struct MentionKey: Hashable { var entity: String, chunk: Int, range: Range<Int> }
        var seenMentions = Set<MentionKey>()
        let allMentions = (mentions + other.mentions).filter {
            seenMentions.insert(MentionKey(entity: $0.entityKey, chunk: $0.chunkIndex, range: $0.range)).inserted
        }.sorted { ($0.chunkIndex, $0.range.lowerBound, $0.range.upperBound, $0.entityKey)
            < ($1.chunkIndex, $1.range.lowerBound, $1.range.upperBound, $1.entityKey) }
        // One relation per statement: the same edge read from the same sentence by both
        // extractors is one relation (its trigger and value may differ).
        struct RelationKey: Hashable { var s: String, p: RelationPredicate, t: String, polarity: Polarity, chunk: Int, sentence: Int }
        var seenRelations = Set<RelationKey>()
        let allRelations = (relations + other.relations).filter {
            seenRelations.insert(RelationKey(s: $0.source, p: $0.predicate, t: $0.target, polarity: $0.polarity,
                                             chunk: $0.evidence.chunkIndex, sentence: $0.evidence.sentenceRange.lowerBound)).inserted
        }
        return PaperGraph(paperKey: paperKey, entities: byKey.values.sorted { $0.key < $1.key }, mentions: allMentions,
                          relations: allRelations, propertyValues: propertyValues + other.propertyValues,
                          comparisons: comparisons + other.comparisons)
    }
}
