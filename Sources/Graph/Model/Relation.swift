/// A directed, typed edge between two entities with the sentence that states it.
public struct Relation: Sendable, Hashable, Codable {
    /// Source entity key.
    public var source: String
    /// The predicate.
    public var predicate: RelationPredicate
    /// Target entity key.
    public var target: String
    /// True when the sentence negates the relation ("does not increase").
    public var negated: Bool
    /// The words that state the relation, as written ("is increased by"); empty for CO_OCCURS.
    public var trigger: String
    /// For HAS_VALUE: the value (entity HAS_VALUE property).
    public var value: Quantity?
    /// Where it was read.
    public var evidence: Evidence

    /// Creates a relation.
    public init(source: String, predicate: RelationPredicate, target: String, negated: Bool = false,
                trigger: String = "", value: Quantity? = nil, evidence: Evidence) {
        self.source = source
        self.predicate = predicate
        self.target = target
        self.negated = negated
        self.trigger = trigger
        self.value = value
        self.evidence = evidence
    }
}

/// A numeric value with its unit normalised to SI.
public struct Quantity: Sendable, Hashable, Codable {
    /// How the bounds are to be read.
    public enum Bound: String, Sendable, Codable {
        /// One value: low == high.
        case exact
        /// A stated range "10-20", "between 10 and 20".
        case range
        /// "10 ± 2": low = 8, high = 12, `central` = 10.
        case plusMinus = "plus_minus"
        /// "~10", "approximately 10": low == high.
        case approximate
        /// "> 10", "more than 10", "at least 10": high is nil.
        case atLeast = "at_least"
        /// "< 10", "up to 10", "less than 10": low is nil.
        case atMost = "at_most"
    }

    /// Lower bound in `unit` (nil for `atMost`).
    public var low: Double?
    /// Upper bound in `unit` (nil for `atLeast`).
    public var high: Double?
    /// The stated central value (for `plusMinus`, `exact`, `approximate`), in `unit`.
    public var central: Double?
    /// How the bounds are to be read.
    public var bound: Bound
    /// The SI unit, e.g. "Pa", "J/m^3", "m", "Pa·m^0.5", "K", "kg/m^3", "%".
    public var unit: String
    /// The quantity as written ("10–20 GPa").
    public var text: String

    /// Creates a quantity.
    public init(low: Double?, high: Double?, central: Double? = nil, bound: Bound, unit: String, text: String) {
        self.low = low
        self.high = high
        self.central = central
        self.bound = bound
        self.unit = unit
        self.text = text
    }
}

/// A numeric property value attached to an entity and a property entity.
public struct PropertyValue: Sendable, Hashable, Codable {
    /// The entity that has the value; nil when the sentence does not say whose it is.
    public var entity: String?
    /// The property entity's key (e.g. "young modulus").
    public var property: String
    /// The value in SI units, with the text as written.
    public var quantity: Quantity
    /// Where it was read.
    public var evidence: Evidence

    /// Creates a property value.
    public init(entity: String?, property: String, quantity: Quantity, evidence: Evidence) {
        self.entity = entity
        self.property = property
        self.quantity = quantity
        self.evidence = evidence
    }
}
