/// Everything extracted from one paper: entities, mentions, relations and property values.
/// Deterministic: the same input gives the same value (all arrays sorted).
public struct PaperGraph: Sendable, Hashable, Codable {
    /// The paper's key.
    public var paperKey: String
    /// Entities, sorted by key.
    public var entities: [Entity]
    /// Mentions, sorted by chunk and offset.
    public var mentions: [Mention]
    /// Relations (including CO_OCCURS and HAS_VALUE), in text order.
    public var relations: [Relation]
    /// Numeric property values, in text order.
    public var propertyValues: [PropertyValue]
    /// Comparisons between entities on a property, in text order.
    public var comparisons: [Comparison]

    /// Creates a paper graph.
    public init(paperKey: String, entities: [Entity], mentions: [Mention], relations: [Relation], propertyValues: [PropertyValue],
                comparisons: [Comparison] = []) {
        self.paperKey = paperKey
        self.entities = entities
        self.mentions = mentions
        self.relations = relations
        self.propertyValues = propertyValues
        self.comparisons = comparisons
    }

    /// The entity with this key, if any.
    public func entity(_ key: String) -> Entity? {
        guard let i = entities.firstIndex(where: { $0.key == key }) else { return nil }
        return entities[i]
    }
}
