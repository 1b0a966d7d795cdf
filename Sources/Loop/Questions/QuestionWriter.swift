import Foundation
import LM
import Store

/// The forms a question takes.
public enum QuestionKind: String, Sendable, Codable, CaseIterable {
    case mechanism, effect, comparison
    case propertyValue = "property_value"
    case designPrinciple = "design_principle"
    case structureProperty = "structure_property"
    /// Written by an LLM teacher.
    case llm
}

/// One premise of a question: a fact as written in the graph and the sentence that asserts it.
public struct Premise: Sendable, Codable, Hashable {
    public var fact: String
    public var sentence: String
    public var chunkID: Int64
    public var relationID: Int64?

    public init(fact: String, sentence: String, chunkID: Int64, relationID: Int64? = nil) {
        self.fact = fact; self.sentence = sentence; self.chunkID = chunkID; self.relationID = relationID
    }
}

/// A question written from a graph context, before de-duplication and storage.
public struct QuestionDraft: Sendable, Codable, Hashable {
    public var kind: QuestionKind
    public var text: String
    public var premises: [Premise]
    public var entityIDs: [Int64]

    public var relationIDs: [Int64] { premises.compactMap(\.relationID) }
}

/// The embedded teacher's writer, no language model: turns asserted typed facts, property
/// values and comparisons of a chunk context into hard, self-contained expert questions in
/// six forms. Only asserted facts are premises: the context reader leaves out negated and
/// hedged evidence, and every entity pair the context contests is skipped here as well.
public struct QuestionWriter: Sendable {
    public init() {}

    static let effectVerbs: [String: (verb: String, thirdPerson: String)] = [
        "INCREASES": ("increase", "increases"), "DECREASES": ("reduce", "reduces"), "REGULATES": ("regulate", "regulates"),
        "DETERMINES": ("govern", "governs"), "CONTRIBUTES_TO": ("contribute to", "contributes to"),
        "CORRELATES_WITH": ("relate to", "relates to"),
    ]
    static let hierarchy: Set<String> = ["COMPOSED_OF", "PART_OF"]
    /// Types a design-principle, origin or hierarchy question may build on: things with a
    /// structure (not an untyped noun phrase, an organism, a process or a property).
    static let buildable: Set<String> = ["material", "protein", "polymer", "mineral", "cell_tissue", "structure"]
    static let propertyLinks: Set<String> = ["INCREASES", "DECREASES", "DETERMINES", "CONTRIBUTES_TO", "EXHIBITS_PROPERTY", "REGULATES"]

    /// Every question the context supports, each form's phrasing picked with `rng`.
    public func drafts(from context: ChunkGraphContext, rng: inout SeededGenerator) -> [QuestionDraft] {
        let facts = context.facts.map { f -> AssertedFact in
            var f = f
            f.source = QuestionStyle.inSentence(f.source, type: f.sourceType)
            f.target = QuestionStyle.inSentence(f.target, type: f.targetType)
            return f
        }.filter { f in
            f.sourceID != f.targetID && f.source.lowercased() != f.target.lowercased()
                && QuestionStyle.isUsableName(f.source) && QuestionStyle.isUsableName(f.target)
                && !context.contested.contains([min(f.sourceID, f.targetID), max(f.sourceID, f.targetID)])
        }
        var out: [QuestionDraft] = []
        for f in facts {
            if let d = effect(f, rng: &rng) { out.append(d) }
            if let d = mechanism(f, rng: &rng) { out.append(d) }
            if let d = designPrinciple(f, rng: &rng) { out.append(d) }
            if let d = singleLevel(f, rng: &rng) { out.append(d) }
        }
        out += structureProperty(facts, rng: &rng)
        let values = context.values.map { v -> StatedValue in
            var v = v
            v.entity = QuestionStyle.inSentence(v.entity, type: nil)
            v.property = QuestionStyle.inSentence(v.property, type: nil)
            return v
        }
        let comparisons = context.comparisons.map { c -> StatedComparison in
            var c = c
            c.a = QuestionStyle.inSentence(c.a, type: nil)
            c.b = QuestionStyle.inSentence(c.b, type: nil)
            c.property = c.property.map { QuestionStyle.inSentence($0, type: nil) }
            return c
        }
        for v in values where QuestionStyle.isUsableName(v.entity) && QuestionStyle.isUsableName(v.property)
            && !context.contested.contains([min(v.entityID, v.propertyID), max(v.entityID, v.propertyID)]) {
            out.append(value(v, rng: &rng))
        }
        for c in comparisons where QuestionStyle.isUsableName(c.a) && QuestionStyle.isUsableName(c.b) && Self.comparable(c)
            && c.a.lowercased() != c.b.lowercased() && !context.contested.contains([min(c.aID, c.bID), max(c.aID, c.bID)]) {
            if let p = c.property, !QuestionStyle.isUsableName(p) { continue }
            out.append(comparison(c, rng: &rng))
        }
        var seen = Set<String>()
        return out.filter { QuestionStyle.isSelfContained($0.text) && QuestionStyle.looksGrammatical($0.text) && seen.insert($0.text).inserted }
    }

    static func premise(_ f: AssertedFact) -> Premise {
        Premise(fact: "[\(f.source)] -[\(f.predicate)]-> [\(f.target)]", sentence: f.sentence, chunkID: f.chunkID, relationID: f.relationID)
    }

    static func pick(_ options: [String], _ rng: inout SeededGenerator) -> String {
        options[Int(rng.next() % UInt64(options.count))]
    }

    /// "How does X affect Y" forms for causal and regulatory edges.
    func effect(_ f: AssertedFact, rng: inout SeededGenerator) -> QuestionDraft? {
        guard let verb = Self.effectVerbs[f.predicate] else { return nil }
        let x = f.source, y = f.target, does = QuestionStyle.doVerb(x)
        var options = [
            "How \(does) \(x) affect \(y), and what mechanism underlies this effect?",
            "By what mechanism \(does) \(x) \(verb.verb) \(y), and what limits the size of this effect?",
            "Why \(does) \(x) \(verb.verb) \(y), and how could this relationship be tuned in practice?",
        ]
        if f.sourceType == "property" || f.sourceType == "process" {
            options.append("How does a change in \(x) alter \(y), and which structural features mediate this relationship?")
        }
        return QuestionDraft(kind: .effect, text: Self.pick(options, &rng), premises: [Self.premise(f)], entityIDs: [f.sourceID, f.targetID])
    }

    /// Cause-to-effect edges as mechanism questions.
    func mechanism(_ f: AssertedFact, rng: inout SeededGenerator) -> QuestionDraft? {
        guard f.predicate == "CAUSES" || f.predicate == "DERIVED_FROM" || f.predicate == "BINDS" else { return nil }
        let x = f.source, y = f.target
        let options: [String]
        switch f.predicate {
        case "CAUSES":
            options = [
                "What mechanism links \(x) to \(y), and which molecular or structural features govern it?",
                "How \(QuestionStyle.doVerb(x)) \(x) give rise to \(y) at the molecular and microstructural level?",
            ]
        case "BINDS":
            options = [
                "What is the molecular mechanism by which \(x) \(QuestionStyle.isPlural(x) ? "bind" : "binds") \(y), and how does this interaction affect the material's mechanical behaviour?",
            ]
        default:
            guard Self.buildable.contains(f.sourceType), Self.buildable.contains(f.targetType) else { return nil }
            let origin = QuestionStyle.countablePlural(y, type: f.targetType)
            options = [
                "How \(QuestionStyle.doVerb(x)) the origin of \(x) from \(origin) shape its structure and properties?",
            ]
        }
        return QuestionDraft(kind: .mechanism, text: Self.pick(options, &rng), premises: [Self.premise(f)], entityIDs: [f.sourceID, f.targetID])
    }

    /// Use and composition edges as design-principle questions.
    func designPrinciple(_ f: AssertedFact, rng: inout SeededGenerator) -> QuestionDraft? {
        let x = f.source, y = f.target
        let options: [String]
        switch f.predicate {
        case "USED_FOR" where Self.buildable.contains(f.sourceType) && f.targetType != "concept":
            options = [
                "What properties make \(x) suitable for \(y), and what design trade-offs arise when using \(x) this way?",
                "Which design principles explain why \(x) \(QuestionStyle.beVerb(x)) used for \(y), and how could they guide engineered alternatives?",
            ]
        case "COMPOSED_OF" where Self.buildable.contains(f.sourceType) && Self.buildable.contains(f.targetType):
            let parts = QuestionStyle.countablePlural(y, type: f.targetType)
            options = [
                "What design principle for synthetic materials can be drawn from the way \(x) \(QuestionStyle.beVerb(x)) built from \(parts)?",
                "How could the composition of \(x) from \(parts) guide the design of engineered materials, and what trade-offs would such a design face?",
            ]
        case "INCREASES" where f.targetType == "property" && (f.sourceType == "structure" || f.sourceType == "material" || f.sourceType == "mineral"):
            options = [
                "What design principle for engineered materials follows from the way \(x) \(f.predicate == "INCREASES" ? "raises" : "lowers") \(y), and how could it be applied?",
            ]
        default:
            return nil
        }
        return QuestionDraft(kind: .designPrinciple, text: Self.pick(options, &rng), premises: [Self.premise(f)], entityIDs: [f.sourceID, f.targetID])
    }

    /// A material or structure with a property: which structural features give rise to it.
    func singleLevel(_ f: AssertedFact, rng: inout SeededGenerator) -> QuestionDraft? {
        guard f.predicate == "EXHIBITS_PROPERTY", Self.buildable.contains(f.sourceType) else { return nil }
        let x = f.source, y = f.target
        let options = [
            "Which structural features of \(x) give rise to its \(y), and at which length scales do they act?",
            "How does the hierarchical structure of \(x) produce its \(y)?",
        ]
        return QuestionDraft(kind: .structureProperty, text: Self.pick(options, &rng), premises: [Self.premise(f)], entityIDs: [f.sourceID, f.targetID])
    }

    /// Two levels of hierarchy: A is composed of B (or B is part of A) and B bears on a
    /// property P; asks how B shapes P of A across the levels.
    func structureProperty(_ facts: [AssertedFact], rng: inout SeededGenerator) -> [QuestionDraft] {
        var out: [QuestionDraft] = []
        for h in facts where Self.hierarchy.contains(h.predicate) {
            let (wholeID, whole, partID, partName) = h.predicate == "COMPOSED_OF"
                ? (h.sourceID, h.source, h.targetID, h.target) : (h.targetID, h.target, h.sourceID, h.source)
            let part = QuestionStyle.countablePlural(partName, type: h.predicate == "COMPOSED_OF" ? h.targetType : h.sourceType)
            guard Self.buildable.contains(h.sourceType), Self.buildable.contains(h.targetType) else { continue }
            for p in facts where p.sourceID == partID && p.targetType == "property" && Self.propertyLinks.contains(p.predicate) && p.targetID != wholeID {
                let options = [
                    "How \(QuestionStyle.doVerb(part)) \(part), as \(QuestionStyle.isPlural(part) ? "building blocks" : "a building block") of \(whole), shape the \(p.target) of \(whole) across its levels of hierarchy?",
                    "How does the \(p.target) of \(whole) emerge from the contribution of \(part) at the lower levels of its hierarchical structure?",
                ]
                out.append(QuestionDraft(kind: .structureProperty, text: Self.pick(options, &rng),
                                         premises: [Self.premise(h), Self.premise(p)], entityIDs: [wholeID, partID, p.targetID]))
                if out.count >= 4 { return out }
            }
        }
        return out
    }

    /// A stated value: asks for the value with its unit context and what sets it.
    func value(_ v: StatedValue, rng: inout SeededGenerator) -> QuestionDraft {
        let unit = QuestionStyle.unit(of: v.original)
        let unitPart = unit.map { " (in \($0))" } ?? ""
        let condition = QuestionStyle.conditionPhrase(v.condition)
        let options = [
            "What \(v.property) does \(v.entity) reach\(condition)\(unitPart), and which structural features set this value?",
            "What is the typical \(v.property) of \(v.entity)\(condition)\(unitPart), and how does its structure explain this value?",
        ]
        let premise = Premise(fact: "[\(v.entity)] -[HAS_VALUE]-> [\(v.property) = \(v.original)]", sentence: v.sentence, chunkID: v.chunkID)
        return QuestionDraft(kind: .propertyValue, text: Self.pick(options, &rng), premises: [premise], entityIDs: [v.entityID, v.propertyID])
    }

    /// Kinds of thing that can be set against each other without a named property.
    public static let substances: Set<String> = ["material", "protein", "polymer", "mineral", "cell_tissue", "organism", "structure"]

    /// Whether a comparison's two sides are things of one kind: never a property set against a
    /// material ("β-sheet content and silkworm silk"); without a named property, both sides of
    /// one type or both substances. Unknown types pass.
    public static func comparable(_ c: StatedComparison) -> Bool {
        guard c.aType != "property", c.bType != "property" else { return false }
        guard c.property == nil, let x = c.aType, let y = c.bType else { return true }
        return x == y || (substances.contains(x) && substances.contains(y))
    }

    /// An asserted comparison: why A differs from B.
    func comparison(_ c: StatedComparison, rng: inout SeededGenerator) -> QuestionDraft {
        let a = c.a, b = c.b
        let text: String
        if let p = c.property {
            switch c.direction {
            case "similar":
                text = "Why \(QuestionStyle.doVerb(a)) \(a) and \(b) show a similar \(p) despite their structural differences?"
            default:
                let comparative = c.direction == "higher" ? "higher" : "lower"
                let ratio = c.ratio.map { r -> String in
                    let n = r >= 10 ? String(format: "%.0f", r) : String(format: "%g", (r * 10).rounded() / 10)
                    return " (about \(n)-fold)"
                } ?? ""
                text = Self.pick([
                    "Why \(QuestionStyle.doVerb(a)) \(a) have a \(comparative) \(p) than \(b)\(ratio), and which structural differences explain the gap?",
                    "How do the structures of \(a) and \(b) account for the \(comparative) \(p) of \(a)\(ratio)?",
                ], &rng)
            }
        } else {
            text = "How do \(a) and \(b) differ in their mechanical behaviour, and which structural features explain the difference?"
        }
        let premise = Premise(fact: "[\(a)] -[\(c.direction.uppercased()) \(c.property ?? "")]-> [\(b)]", sentence: c.sentence, chunkID: c.chunkID)
        return QuestionDraft(kind: .comparison, text: text, premises: [premise], entityIDs: [c.aID, c.bID] + (c.propertyID.map { [$0] } ?? []))
    }
}
