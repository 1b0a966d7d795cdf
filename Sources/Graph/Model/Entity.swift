/// Where an entity (or one of its names) came from.
public enum EntitySource: String, Codable, Sendable, Comparable {
    /// A lexicon term or one of its synonyms.
    case lexicon
    /// A JATS author keyword.
    case keyword
    /// The long form of an abbreviation defined in the text ("hydroxyapatite (HAp)").
    case abbreviation
    /// A noun phrase that recurs across chunks.
    case nounPhrase = "noun_phrase"
    /// Merged into another entity by embedding similarity (resolver only).
    case embedding
    /// Named by an LLM in a triple it extracted (`LLMTripleExtraction`).
    case llm

    /// Orders by raw value.
    public static func < (a: EntitySource, b: EntitySource) -> Bool { a.rawValue < b.rawValue }
}

/// One name of an entity with its provenance.
public struct Alias: Sendable, Hashable, Codable, Comparable {
    /// The name as written (surface form, lexicon synonym, abbreviation).
    public var text: String
    /// The name's normalised key (`TermNormalizer.key`).
    public var key: String
    /// How the name was attached to the entity.
    public var source: EntitySource
    /// The paper the name was seen in; nil for lexicon synonyms.
    public var paperKey: String?
    /// For `.embedding` merges: the cosine similarity that merged it.
    public var similarity: Double?

    /// Creates an alias.
    public init(text: String, key: String, source: EntitySource, paperKey: String? = nil, similarity: Double? = nil) {
        self.text = text
        self.key = key
        self.source = source
        self.paperKey = paperKey
        self.similarity = similarity
    }

    /// Orders by key, text, source, paper.
    public static func < (a: Alias, b: Alias) -> Bool {
        (a.key, a.text, a.source.rawValue, a.paperKey ?? "") < (b.key, b.text, b.source.rawValue, b.paperKey ?? "")
    }
}

/// An entity of a paper graph: identified by its normalised key.
public struct Entity: Sendable, Hashable, Codable {
    /// Normalised key (lowercase, singular, American spelling, Greek letters spelled out).
    public var key: String
    /// Canonical display name (the lexicon term, or the most frequent surface form).
    public var name: String
    /// The entity's type.
    public var type: EntityType
    /// How the entity was found.
    public var source: EntitySource
    /// All names with provenance, sorted.
    public var aliases: [Alias]

    /// Creates an entity.
    public init(key: String, name: String, type: EntityType, source: EntitySource, aliases: [Alias] = []) {
        self.key = key
        self.name = name
        self.type = type
        self.source = source
        self.aliases = aliases
    }
}

/// One occurrence of an entity in a chunk.
public struct Mention: Sendable, Hashable, Codable {
    /// The entity's key.
    public var entityKey: String
    /// The chunk's index.
    public var chunkIndex: Int
    /// Unicode scalar offsets of the mention in the chunk text.
    public var range: Range<Int>
    /// The text as written.
    public var surface: String

    /// Creates a mention.
    public init(entityKey: String, chunkIndex: Int, range: Range<Int>, surface: String) {
        self.entityKey = entityKey
        self.chunkIndex = chunkIndex
        self.range = range
        self.surface = surface
    }
}

/// Where an edge or value was read: paper, chunk, sentence.
public struct Evidence: Sendable, Hashable, Codable {
    /// The paper's key.
    public var paperKey: String
    /// The chunk's index.
    public var chunkIndex: Int
    /// The sentence's Unicode scalar offsets in the chunk text.
    public var sentenceRange: Range<Int>
    /// The sentence's text.
    public var sentence: String

    /// Creates evidence.
    public init(paperKey: String, chunkIndex: Int, sentenceRange: Range<Int>, sentence: String) {
        self.paperKey = paperKey
        self.chunkIndex = chunkIndex
        self.sentenceRange = sentenceRange
        self.sentence = sentence
    }
}
