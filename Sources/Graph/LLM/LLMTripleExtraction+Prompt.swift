/// A chat prompt: a system message and one user message (the caller sends them in that order).
public struct LLMPrompt: Sendable, Hashable, Codable {
    /// The system message: the task, the JSON shape, the allowed predicates and types.
    public var system: String
    /// The user message: the chunk's section and text.
    public var user: String

    /// Creates a prompt.
    public init(system: String, user: String) {
        self.system = system
        self.user = user
    }
}

extension LLMTripleExtraction {
    /// What each allowed predicate means, as the prompt explains it.
    static let predicateMeanings: [RelationPredicate: String] = [
        .isA: "source is a kind of target (osteoblast IS_A cell)",
        .partOf: "source is a part or component of target (collagen fibril PART_OF bone)",
        .composedOf: "source is made of or contains target (nacre COMPOSED_OF aragonite)",
        .increases: "source raises the amount, rate or value of target",
        .decreases: "source lowers the amount, rate or value of target",
        .regulates: "source controls target without a stated direction",
        .binds: "source binds or attaches to target",
        .exhibitsProperty: "source has the property target (spider silk EXHIBITS_PROPERTY toughness)",
        .usedFor: "source is used for or applied to target (chitosan USED_FOR wound healing)",
        .derivedFrom: "source is obtained or made from target (silk fibroin DERIVED_FROM Bombyx mori)",
        .similarTo: "source resembles or is comparable to target",
        .causes: "source brings about target (\"X-induced Y\", \"Y caused by X\", \"X leads to Y\")",
        .determines: "source governs or explains target (\"Y is determined by / governed by / explained by X\")",
        .contributesTo: "source is one factor in target (\"X contributes to Y\")",
        .correlatesWith: "source and target vary together, no direction stated (\"X correlates with Y\")",
        .measuredBy: "source was measured, imaged or determined with the method or instrument target (elastic modulus MEASURED_BY nanoindentation)",
    ]

    /// The prompt for one chunk. Deterministic (the same chunk gives the same text), so its
    /// hash can key a cache; the paper's key is not part of it, so an unchanged chunk of a
    /// re-ingested paper asks the same question.
    public func prompt(for chunk: PaperInput.Chunk) -> LLMPrompt {
        let predicates = Self.allowedPredicates.map { "- \($0.rawValue): \(Self.predicateMeanings[$0] ?? "")" }
        let types = EntityType.allCases.map(\.rawValue).joined(separator: ", ")
        let system = """
            You extract a knowledge graph from scientific text about biological materials.
            Reply with one JSON array and nothing else. Each element is an object with exactly these keys:
            "source", "source_type", "predicate", "target", "target_type", "sentence", "polarity".

            Rules:
            - "source" and "target" are short noun phrases naming a material, protein, mineral, polymer, \
            cell or tissue, organism, structure, property, process or application, as written in the text \
            (singular, without articles).
            - "source_type" and "target_type" are one of: \(types).
            - "predicate" is one of:
            \(predicates.joined(separator: "\n"))
            - "sentence" is the one sentence of the text that states the relation, copied verbatim, \
            character for character.
            - "polarity" is "asserted" when the sentence states the relation as fact, "negated" when it \
            denies it ("does not increase", "no significant effect of X on Y", "cannot be explained by"), \
            "hedged" when it states it only as possible ("may increase", "results suggest that"). Keep \
            the predicate of the relation itself: "X does not increase Y" is X INCREASES Y, negated.
            - Only relations the text states, denies or hedges; none from general knowledge.
            - At most \(options.maxTriplesPerChunk) triples, the most informative first. If there are none, reply [].
            """
        let section = chunk.section.isEmpty ? "" : "Section: \(chunk.section)\n"
        let user = """
            \(section)Text:
            \"\"\"
            \(chunk.text)
            \"\"\"
            """
        return LLMPrompt(system: system, user: user)
    }
}
