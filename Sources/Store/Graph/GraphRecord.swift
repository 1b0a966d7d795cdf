/// One paper's contribution to the entity graph, as Store writes it. Ingest maps the Graph
/// module's extraction to this; Store never sees the extractor's types. Entities are
/// referenced by their normalised key, chunks by their ordinal within the paper.
public struct GraphRecord: Sendable, Codable, Equatable {
    /// Every entity the paper mentions, relates or gives a value for (keys unique).
    public var entities: [Entity]
    public var mentions: [Mention]
    /// Relations, each with at least one evidence sentence.
    public var relations: [Relation]
    public var propertyValues: [PropertyValue]
    /// Statements comparing two entities on a property.
    public var comparisons: [Comparison]

    public init(entities: [Entity] = [], mentions: [Mention] = [], relations: [Relation] = [], propertyValues: [PropertyValue] = [],
                comparisons: [Comparison] = []) {
        self.entities = entities
        self.mentions = mentions
        self.relations = relations
        self.propertyValues = propertyValues
        self.comparisons = comparisons
    }

    /// What a sentence says about the relation it names.
    public enum Polarity: String, Sendable, Codable, Equatable, CaseIterable {
        /// States it as fact: counted in the relation's weight.
        case asserted
        /// Denies it ("does not increase", "no significant effect on").
        case negated
        /// States it as possible only ("may increase", "suggests").
        case hedged
    }

    /// An entity: its key is the identity across papers.
    public struct Entity: Sendable, Codable, Equatable {
        /// Normalised name ("young modulus"); unique across the graph.
        public var key: String
        /// Display name ("Young's modulus").
        public var name: String
        /// material, protein, mineral, polymer, cell_tissue, organism, structure, property, process, application, concept.
        public var type: String
        /// Other names seen in this paper (stored with the paper as provenance).
        public var aliases: [Alias]
        public init(key: String, name: String, type: String, aliases: [Alias] = []) {
            self.key = key; self.name = name; self.type = type; self.aliases = aliases
        }
    }

    /// Another name of an entity.
    public struct Alias: Sendable, Codable, Equatable {
        /// As written ("HAp").
        public var alias: String
        /// Normalised the way entity keys are ("hap").
        public var normalized: String
        /// lexicon, keyword, abbreviation, noun_phrase, embedding, ...
        public var source: String
        public init(alias: String, normalized: String, source: String) {
            self.alias = alias; self.normalized = normalized; self.source = source
        }
    }

    /// Where an entity is named in a chunk.
    public struct Mention: Sendable, Codable, Equatable {
        public var entityKey: String
        public var chunkOrdinal: Int
        /// Character offsets within the chunk text.
        public var range: Range<Int>
        /// The text as written.
        public var surface: String
        public init(entityKey: String, chunkOrdinal: Int, range: Range<Int>, surface: String) {
            self.entityKey = entityKey; self.chunkOrdinal = chunkOrdinal; self.range = range; self.surface = surface
        }
    }

    /// A directed, typed relation `source -predicate-> target` and the sentences that state it.
    public struct Relation: Sendable, Codable, Equatable {
        public var source: String
        /// IS_A, PART_OF, COMPOSED_OF, INCREASES, ... (upper case).
        public var predicate: String
        public var target: String
        public var evidence: [Evidence]
        public init(source: String, predicate: String, target: String, evidence: [Evidence]) {
            self.source = source; self.predicate = predicate; self.target = target; self.evidence = evidence
        }
    }

    /// One sentence stating, denying or hedging a relation.
    public struct Evidence: Sendable, Codable, Equatable {
        public var chunkOrdinal: Int
        /// Character offsets of the sentence within the chunk text.
        public var sentenceRange: Range<Int>
        public var sentence: String
        /// Whether the sentence asserts, denies or hedges the relation.
        public var polarity: Polarity
        /// The word(s) that made it negated or hedged ("not", "may"); nil when asserted.
        public var cue: String?
        public init(chunkOrdinal: Int, sentenceRange: Range<Int>, sentence: String, polarity: Polarity = .asserted, cue: String? = nil) {
            self.chunkOrdinal = chunkOrdinal; self.sentenceRange = sentenceRange; self.sentence = sentence
            self.polarity = polarity; self.cue = cue
        }
    }

    /// "Enamel is 3-fold stiffer than dentin": a enamel, b dentin, property stiffness,
    /// direction higher, ratio 3.
    public struct Comparison: Sendable, Codable, Equatable {
        public var a: String
        public var b: String
        /// The property's entity key; nil when the sentence names none.
        public var propertyKey: String?
        /// higher, lower or similar (a relative to b).
        public var direction: String
        /// a / b when stated.
        public var ratio: Double?
        /// The words that state the comparison ("stiffer than").
        public var trigger: String
        public var polarity: Polarity
        public var chunkOrdinal: Int
        /// Character offsets of the sentence within the chunk text.
        public var sentenceRange: Range<Int>
        public var sentence: String
        public init(a: String, b: String, propertyKey: String?, direction: String, ratio: Double? = nil, trigger: String,
                    polarity: Polarity = .asserted, chunkOrdinal: Int, sentenceRange: Range<Int>, sentence: String) {
            self.a = a; self.b = b; self.propertyKey = propertyKey; self.direction = direction; self.ratio = ratio
            self.trigger = trigger; self.polarity = polarity; self.chunkOrdinal = chunkOrdinal
            self.sentenceRange = sentenceRange; self.sentence = sentence
        }
    }

    /// A numeric value of a property, in SI units: "cortical bone has a modulus of 15–20 GPa"
    /// is (bone, young modulus, 1.5e10, 2.0e10, "Pa").
    public struct PropertyValue: Sendable, Codable, Equatable {
        /// The entity that has the value; nil when the sentence names none.
        public var entityKey: String?
        public var propertyKey: String
        /// Lower bound in `unit`; nil for "at most".
        public var low: Double?
        /// Upper bound in `unit`; nil for "at least". Equal to `low` for a single value.
        public var high: Double?
        /// SI unit of `low`/`high` ("Pa", "m", "J/m^2"; "" when dimensionless).
        public var unit: String
        /// The value as written ("15–20 GPa").
        public var original: String
        public var chunkOrdinal: Int
        /// Character offsets of the sentence within the chunk text.
        public var sentenceRange: Range<Int>
        /// The condition it was measured under ("dry", "at 37 °C"); nil when none is stated.
        public var condition: String?
        public init(entityKey: String?, propertyKey: String, low: Double?, high: Double?, unit: String, original: String,
                    chunkOrdinal: Int, sentenceRange: Range<Int>, condition: String? = nil) {
            self.entityKey = entityKey; self.propertyKey = propertyKey; self.low = low; self.high = high
            self.unit = unit; self.original = original; self.chunkOrdinal = chunkOrdinal; self.sentenceRange = sentenceRange
            self.condition = condition
        }
    }
}

extension GraphRecord {
    /// Checks that the record is self-consistent and that its chunk ordinals are the paper's;
    /// the error names the first offending item.
    func validate(chunkIDs: [Int: Int64]) throws {
        var keys = Set<String>()
        for e in entities {
            guard !e.key.isEmpty, keys.insert(e.key).inserted else {
                throw StoreError(.conflict, "graph record lists entity key \"\(e.key)\" \(e.key.isEmpty ? "empty" : "twice"); merge duplicate entities before storing")
            }
        }
        func entity(_ key: String, _ what: String) throws {
            guard keys.contains(key) else {
                throw StoreError(.conflict, "\(what) refers to entity \"\(key)\", which the graph record does not list; add it to entities")
            }
        }
        func chunk(_ ordinal: Int, _ what: String) throws {
            guard chunkIDs[ordinal] != nil else {
                throw StoreError(.notFound, "\(what) refers to chunk \(ordinal), but the paper has \(chunkIDs.count) chunks; use the paper's chunk ordinals")
            }
        }
        for m in mentions {
            try entity(m.entityKey, "a mention")
            try chunk(m.chunkOrdinal, "the mention \"\(m.surface)\"")
        }
        for r in relations {
            let name = "relation \(r.source) -\(r.predicate)-> \(r.target)"
            try entity(r.source, name)
            try entity(r.target, name)
            guard !r.predicate.isEmpty else { throw StoreError(.conflict, "\(name) has an empty predicate") }
            guard !r.evidence.isEmpty else {
                throw StoreError(.conflict, "\(name) has no evidence sentence; every stored relation needs one")
            }
            for e in r.evidence { try chunk(e.chunkOrdinal, "evidence of \(name)") }
        }
        for v in propertyValues {
            if let key = v.entityKey { try entity(key, "a value of \(v.propertyKey)") }
            try entity(v.propertyKey, "the value \"\(v.original)\"")
            try chunk(v.chunkOrdinal, "the value \"\(v.original)\"")
            guard v.low != nil || v.high != nil else {
                throw StoreError(.conflict, "the value \"\(v.original)\" of \(v.propertyKey) has neither low nor high")
            }
            if let low = v.low, let high = v.high, low > high {
                throw StoreError(.conflict, "the value \"\(v.original)\" of \(v.propertyKey) has low \(low) above high \(high)")
            }
        }
        for c in comparisons {
            let name = "the comparison \(c.a) \(c.direction) than \(c.b)"
            try entity(c.a, name)
            try entity(c.b, name)
            if let p = c.propertyKey { try entity(p, name) }
            try chunk(c.chunkOrdinal, name)
            guard ["higher", "lower", "similar"].contains(c.direction) else {
                throw StoreError(.conflict, "\(name) has direction \"\(c.direction)\"; use higher, lower or similar")
            }
            if let ratio = c.ratio, !(ratio > 0 && ratio.isFinite) {
                throw StoreError(.conflict, "\(name) has ratio \(ratio); a ratio is a positive number")
            }
        }
    }
}
