/// Word-shape tests for concept names without a POS tagger.
enum ConceptWords {
    /// A finite verb of the relation table or the miner's verb list: third person ("generates",
    /// "increases") or a reporting verb ("tested", "showed").
    static func isFiniteVerb(_ w: String) -> Bool {
        if NounPhrases.nounFirstWords.contains(w) || w == "like" { return false }
        if NounPhraseMiner.verbs.contains(w) || NounPhrases.verbs.contains(w) { return true }
        return RelationGrammar.verbForms.contains(w) && w.count > 4 && w.hasSuffix("s") && !w.hasSuffix("ss")
    }

    /// Whether a token may be part of a mined noun phrase: not a verb of either list.
    static func isNounPhraseWord(_ w: String) -> Bool {
        !isFiniteVerb(w) && !(RelationGrammar.verbForms.contains(w) && !w.hasSuffix("ing") && !w.hasSuffix("ed"))
    }
}
