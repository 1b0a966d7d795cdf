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

    /// Predicate nouns after a copula or "act as" / "serve as": "X is a key regulator of Y",
    /// "X were the first identified causes of Y", "X acts as a negative regulator of Y",
    /// "X is not a major determinant of Y" (the negation before the phrase is read as usual).
    /// The copular forms start with their determiner ("a key regulator of") and need the copula
    /// before them, so a noun phrase ("a key regulator of Y was cloned") states nothing.
    static let copularNominalPhrases: [Phrase] = {
        let nouns: [(String, String, RelationPredicate)] = [
            ("regulator", "of", .regulates), ("modulator", "of", .regulates), ("determinant", "of", .determines),
            ("cause", "of", .causes), ("driver", "of", .causes), ("contributor", "to", .contributesTo),
            ("inhibitor", "of", .decreases), ("suppressor", "of", .decreases), ("activator", "of", .increases),
            ("enhancer", "of", .increases), ("predictor", "of", .correlatesWith), ("marker", "of", .correlatesWith),
        ]
        let adjs = ["", "key ", "major ", "main ", "primary ", "principal ", "important ", "critical ", "crucial ",
                    "central ", "dominant ", "direct ", "potent ", "strong ", "essential ", "master ", "first identified ",
                    "known ", "leading ", "common ", "significant ", "negative ", "positive ", "novel ", "independent "]
        // determiner -> does it take the singular noun
        let dets: [(String, Bool)] = [("a ", true), ("an ", true), ("the ", true), ("the ", false), ("", false),
                                      ("one of the ", false), ("among the ", false)]
        let asVerbs = ["act as", "acts as", "acted as", "acting as", "serve as", "serves as", "served as", "serving as",
                       "function as", "functions as", "functioned as", "functioning as"]
        var t: [Phrase] = []
        for (noun, preposition, predicate) in nouns {
            for adj in adjs {
                // "a negative regulator of Y" decreases Y; "a positive regulator of" increases it.
                var p = predicate
                if predicate == .regulates && adj == "negative " { p = .decreases }
                if predicate == .regulates && adj == "positive " { p = .increases }
                if predicate != .regulates && (adj == "negative " || adj == "positive ") { continue }
                for (det, singular) in dets {
                    // "a contributor to", "a predictor of" are in the table without a copula already.
                    if adj.isEmpty, det == "a ", noun == "contributor" || noun == "predictor" { continue }
                    let form = "\(det)\(adj)\(noun)\(singular ? "" : "s") \(preposition)"
                    // "" + a bare plural ("are key regulators of") still needs the copula.
                    t += fixed([form], p, copula: true)
                    for verb in asVerbs { t += fixed(["\(verb) \(form)"], p) }
                }
            }
        }
        return t
    }()
}
