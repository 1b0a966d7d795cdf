/// A typed, directed relation predicate (`source PREDICATE target`). `coOccurs` is the weak,
/// undirected one: two lexicon entities named in one sentence (source key < target key).
public enum RelationPredicate: String, Codable, Sendable, CaseIterable, Comparable {
    case isA = "IS_A"
    case partOf = "PART_OF"
    case composedOf = "COMPOSED_OF"
    case increases = "INCREASES"
    case decreases = "DECREASES"
    case regulates = "REGULATES"
    case binds = "BINDS"
    case exhibitsProperty = "EXHIBITS_PROPERTY"
    case hasValue = "HAS_VALUE"
    case usedFor = "USED_FOR"
    case derivedFrom = "DERIVED_FROM"
    case similarTo = "SIMILAR_TO"
    /// Cause to effect: "Y is caused by X", "X leads to Y", "Y results from X", "X-induced Y".
    case causes = "CAUSES"
    /// Governing factor to what it governs: "Y is determined by X", "Y depends on X", "Y is explained by X".
    case determines = "DETERMINES"
    /// A partial cause: "X contributes to Y".
    case contributesTo = "CONTRIBUTES_TO"
    /// An undirected statistical association: "X correlates with Y" (source key < target key).
    case correlatesWith = "CORRELATES_WITH"
    /// What was measured to the method or instrument that measured it: "the modulus was measured
    /// by nanoindentation", "crystal thickness was determined by SAXS".
    case measuredBy = "MEASURED_BY"
    case coOccurs = "CO_OCCURS"

    /// Default weight of one edge of this predicate in the community graph: typed
    /// relations count more than co-occurrence.
    public var defaultWeight: Double { self == .coOccurs ? 0.25 : 1.0 }

    /// Orders by raw value (for deterministic output).
    public static func < (a: RelationPredicate, b: RelationPredicate) -> Bool { a.rawValue < b.rawValue }
}
