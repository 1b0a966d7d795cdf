/// A directed, typed edge between two entities with the sentence that states it.
public struct Relation: Sendable, Hashable, Codable {
    /// Source entity key.
    public var source: String
    /// The predicate.
    public var predicate: RelationPredicate
    /// Target entity key.
    public var target: String
    /// Whether the sentence asserts, negates ("does not increase", "no significant effect on")
    /// or hedges ("may increase", "suggests that") the relation.
    public var polarity: Polarity
    /// The cue word or phrase that set a non-asserted polarity ("not", "no significant", "may"); nil when asserted.
    public var cue: String?
    /// The words that state the relation, as written ("is increased by"); empty for CO_OCCURS.
    public var trigger: String
    /// For HAS_VALUE: the value (entity HAS_VALUE property).
    public var value: Quantity?
    /// Where it was read.
    public var evidence: Evidence

    /// Creates a relation.
    public init(source: String, predicate: RelationPredicate, target: String, polarity: Polarity = .asserted,
                cue: String? = nil, trigger: String = "", value: Quantity? = nil, evidence: Evidence) {
        self.source = source
        self.predicate = predicate
        self.target = target
        self.polarity = polarity
        self.cue = cue
        self.trigger = trigger
        self.value = value
        self.evidence = evidence
    }
}

extension Relation {
    /// Creates a relation that is asserted, or negated when `negated` (cue "not").
    public init(source: String, predicate: RelationPredicate, target: String, negated: Bool,
                trigger: String = "", value: Quantity? = nil, evidence: Evidence) {
        self.init(source: source, predicate: predicate, target: target, polarity: negated ? .negated : .asserted,
                  cue: negated ? "not" : nil, trigger: trigger, value: value, evidence: evidence)
    }

    /// True when the sentence negates the relation (polarity `negated`).
    public var negated: Bool { polarity == .negated }
}

/// How a sentence states a relation: the polarity kept on every evidence row.
public enum Polarity: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stated as fact: "X increases Y".
    case asserted
    /// Stated as not holding: "X does not increase Y", "no significant effect of X on Y".
    case negated
    /// Stated as possible: "X may increase Y", "results suggest that X increases Y".
    case hedged
}

/// A comparison between two entities on a property: "nacre has a higher toughness than
/// aragonite" is (a: nacre, b: aragonite, property: toughness, direction: higher), "3000-fold
/// tougher" adds a ratio.
public struct Comparison: Sendable, Hashable, Codable {
    /// Which way `a` differs from `b` on the property.
    public enum Direction: String, Sendable, Hashable, Codable {
        case higher, lower, similar
    }
    /// The entity compared (key).
    public var a: String
    /// The entity it is compared with (key).
    public var b: String
    /// The property entity's key ("toughness"); nil when the sentence names none.
    public var property: String?
    /// a's value relative to b's.
    public var direction: Direction
    /// a / b when the sentence states a factor ("3000-fold", "twice"); nil otherwise.
    public var ratio: Double?
    /// The words that state the comparison ("higher ... than", "stiffer than", "compared with").
    public var trigger: String
    /// Polarity of the statement ("is not stiffer than" is negated).
    public var polarity: Polarity
    /// Where it was read.
    public var evidence: Evidence

    /// Creates a comparison.
    public init(a: String, b: String, property: String?, direction: Direction, ratio: Double? = nil, trigger: String,
                polarity: Polarity = .asserted, evidence: Evidence) {
        self.a = a; self.b = b; self.property = property; self.direction = direction; self.ratio = ratio
        self.trigger = trigger; self.polarity = polarity; self.evidence = evidence
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
    /// The conditions the value was measured under, as written ("dry", "wet", "at 37 °C", "hydrated"); nil when none.
    public var condition: String?
    /// Where it was read.
    public var evidence: Evidence

    /// Creates a property value.
    public init(entity: String?, property: String, quantity: Quantity, condition: String? = nil, evidence: Evidence) {
        self.entity = entity
        self.property = property
        self.quantity = quantity
        self.condition = condition
        self.evidence = evidence
    }
}
