import Foundation

/// Corpus-level counts of extracted graphs: relations per predicate and polarity, the share of
/// CO_OCCURS, values, comparisons, and concepts that start like a clause fragment ("tested
/// whether ephrin": a verb or function word first), the hygiene measure of issue 10.
public struct GraphStatistics: Sendable, Hashable, Codable {
    /// Papers counted.
    public var papers = 0
    /// Relations per predicate (raw value).
    public var relationsByPredicate: [String: Int] = [:]
    /// Relations per polarity (raw value).
    public var relationsByPolarity: [String: Int] = [:]
    /// Property values.
    public var values = 0
    /// Comparisons.
    public var comparisons = 0
    /// Entities of type `concept` (noun phrases, untyped abbreviations and keywords).
    public var concepts = 0
    /// Concepts whose first word is a verb form or a function word.
    public var fragmentConcepts = 0
    /// Up to 20 such concepts, for reading.
    public var fragmentExamples: [String] = []

    /// Creates empty statistics.
    public init() {}

    /// All relations.
    public var relations: Int { relationsByPredicate.values.reduce(0, +) }
    /// Share of CO_OCCURS among relations.
    public var coOccursShare: Double {
        relations == 0 ? 0 : Double(relationsByPredicate[RelationPredicate.coOccurs.rawValue, default: 0]) / Double(relations)
    }

    /// Adds one paper's graph.
    public mutating func add(_ g: PaperGraph) {
        papers += 1
        for r in g.relations {
            relationsByPredicate[r.predicate.rawValue, default: 0] += 1
            relationsByPolarity[r.polarity.rawValue, default: 0] += 1
        }
        values += g.propertyValues.count
        comparisons += g.comparisons.count
        for e in g.entities where e.type == .concept {
            concepts += 1
            if Self.startsLikeFragment(e.name) {
                fragmentConcepts += 1
                if fragmentExamples.count < 20 { fragmentExamples.append(e.name) }
            }
        }
    }

    /// Whether a name's first word is a function word, a verb form of the relation grammar or
    /// the noun-phrase miner's verb list, or a past-tense/-ing form ("tested", "using").
    public static func startsLikeFragment(_ name: String) -> Bool {
        guard let first = TermNormalizer.words(name).first?.lowercased() else { return false }
        if FunctionWords.all.contains(first) || NounPhraseMiner.verbs.contains(first) || RelationGrammar.verbForms.contains(first) {
            return true
        }
        return ConceptWords.isVerbLike(first)
    }

    /// A text summary.
    public func render() -> String {
        var s = String(format: "%d papers, %d relations, CO_OCCURS %.1f%%, %d values, %d comparisons, %d concepts, %d fragment concepts (%.1f%%)\n",
                       papers, relations, 100 * coOccursShare, values, comparisons, concepts, fragmentConcepts,
                       concepts == 0 ? 0 : 100 * Double(fragmentConcepts) / Double(concepts))
        for (k, v) in relationsByPredicate.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            s += "  " + k.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%6d\n", v)
        }
        s += "  polarity: " + relationsByPolarity.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        return s
    }
}
