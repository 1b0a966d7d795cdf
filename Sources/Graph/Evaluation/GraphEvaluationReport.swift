import Foundation

/// The result of scoring extracted graphs against hand-written facts (`GraphEvaluation`).
public struct GraphEvaluationReport: Sendable, Hashable, Codable {
    /// Counts over a set of facts.
    public struct Counts: Sendable, Hashable, Codable {
        /// Facts scored.
        public var facts = 0
        /// Facts whose evidence sentence yields any relation, value or comparison.
        public var evidenceYield = 0
        /// Facts matched by an edge of any predicate (CO_OCCURS included) between subject and object.
        public var anyEdge = 0
        /// Facts matched by a typed edge (not CO_OCCURS); HAS_VALUE: a value with the number for the property.
        public var typedEdge = 0
        /// Facts matched by an edge of the fact's own predicate and direction; HAS_VALUE: also the entity.
        public var samePredicate = 0
        /// Negated facts.
        public var negatedFacts = 0
        /// Negated facts with an asserted edge between subject and object from their sentence (must be 0).
        public var negatedStoredAsserted = 0
        /// Negated facts with a negated edge between subject and object from their sentence.
        public var negatedMarked = 0
        /// Asserted facts whose only edges between subject and object are negated.
        public var assertedStoredNegated = 0
        /// Creates zero counts.
        public init() {}

        mutating func add(_ o: Counts) {
            facts += o.facts; evidenceYield += o.evidenceYield; anyEdge += o.anyEdge; typedEdge += o.typedEdge
            samePredicate += o.samePredicate; negatedFacts += o.negatedFacts
            negatedStoredAsserted += o.negatedStoredAsserted; negatedMarked += o.negatedMarked
            assertedStoredNegated += o.assertedStoredNegated
        }
    }

    /// A fact the extractor did not match by a typed edge, with what its sentence gave instead.
    public struct Miss: Sendable, Hashable, Codable {
        /// Line in the fact file.
        public var line: Int
        /// "subject PREDICATE object" (with "!" before a negated one).
        public var fact: String
        /// What was found: "no sentence", "no edge", or the edges between the pair.
        public var found: String
    }

    /// All facts together.
    public var total = Counts()
    /// Per fact predicate (raw value).
    public var byPredicate: [String: Counts] = [:]
    /// Fact papers not among the graphs scored.
    public var missingPapers: [String] = []
    /// Facts not matched by a typed edge (or, when negated, stored as asserted).
    public var misses: [Miss] = []

    /// Creates an empty report.
    public init() {}

    static func ratio(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.2f", Double(a) / Double(b)) }

    /// A text table: one row per predicate and a total row.
    public func renderTable() -> String {
        var lines: [String] = []
        let header = ["predicate", "facts", "yield", "any", "typed", "same", "neg", "neg→asserted", "neg marked"]
        func row(_ name: String, _ c: Counts) -> [String] {
            ["\(name)", "\(c.facts)", Self.ratio(c.evidenceYield, c.facts), Self.ratio(c.anyEdge, c.facts),
             Self.ratio(c.typedEdge, c.facts), Self.ratio(c.samePredicate, c.facts), "\(c.negatedFacts)",
             "\(c.negatedStoredAsserted)", c.negatedFacts == 0 ? "-" : "\(c.negatedMarked) (\(Self.ratio(c.negatedMarked, c.negatedFacts)))"]
        }
        var rows = [header]
        for key in byPredicate.keys.sorted() { rows.append(row(key, byPredicate[key]!)) }
        rows.append(row("ALL", total))
        let widths = header.indices.map { i in rows.map { $0[i].count }.max()! }
        for (n, r) in rows.enumerated() {
            lines.append(r.enumerated().map { i, s in i == 0 ? s.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[i] - s.count) + s }.joined(separator: "  "))
            if n == 0 || n == rows.count - 2 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        if !missingPapers.isEmpty { lines.append("missing papers: " + missingPapers.joined(separator: ", ")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
