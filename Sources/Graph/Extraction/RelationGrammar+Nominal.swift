/// Nominal predicates after a light verb: "X has no significant effect on Y", "X shows a major
/// contribution to Y", "X has no sequence homology with Y". The noun carries the predicate; the
/// determiner may carry the negation ("no", "negligible"), which `ClauseExtractor.relate` reads
/// as the relation's cue, so a denial becomes a negated relation instead of no relation at all.
extension RelationGrammar {
    /// Determiners of a nominal predicate that deny it.
    static let nominalNegators: Set<String> = ["no", "negligible"]

    static let nominalPhrases: [Phrase] = {
        let light = ["has", "have", "had", "having", "shows", "show", "showed", "showing", "exerts", "exert", "exerted",
                     "exerting"]
        let dets = ["", "a ", "an ", "any ", "no ", "negligible "]
        let adjs = ["", "significant ", "major ", "direct ", "noticeable ", "measurable ", "detectable ", "appreciable ",
                    "strong ", "marked ", "profound ", "substantial ", "considerable ", "clear ", "obvious "]
        let nouns: [(String, RelationPredicate, [String])] = [
            ("effect on", .regulates, light), ("effects on", .regulates, light), ("influence on", .regulates, light),
            ("impact on", .regulates, light),
            ("contribution to", .contributesTo, light + ["makes", "make", "made", "making"]),
            ("contributions to", .contributesTo, light + ["makes", "make", "made", "making"]),
            ("homology with", .similarTo, light), ("homology to", .similarTo, light),
            ("sequence homology with", .similarTo, light), ("sequence homology to", .similarTo, light),
            ("sequence similarity with", .similarTo, light), ("sequence similarity to", .similarTo, light),
            ("sequence identity with", .similarTo, light),
        ]
        var t: [Phrase] = []
        for (noun, p, verbs) in nouns {
            for verb in verbs {
                for det in dets {
                    for adj in adjs { t += fixed(["\(verb) \(det)\(adj)\(noun)"], p) }
                }
            }
        }
        return t
    }()
}
