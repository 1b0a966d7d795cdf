/// Negation and hedge scopes of one sentence (NegEx-style), computed once per sentence and
/// asked per relation: a relation read between tokens `from...to` is negated when a negation
/// cue stands in its clause before its end (pre-negation: "does not increase", "no significant
/// effect of X on Y", "lack of X") or after it in the same clause (post-negation: "X and Y were
/// not correlated"); hedged when a hedge cue stands before it in the sentence, up to a
/// contrastive break ("results suggest that X increases Y", "X may increase Y").
///
/// Scopes end at contrastive conjunctions (but, however, although, whereas, yet, while), at
/// ";" and at relative clauses (", which", "that"): "X increases Y, which does not affect Z"
/// leaves X -> Y asserted. Pseudo-negations ("not only", "no doubt", "whether or not") are not cues.
struct PolarityScopes: Sendable {
    /// Per token: the negation cue that starts at it, if any.
    private(set) var negationCues: [Int: String] = [:]
    /// Per token: the hedge cue that starts at it, if any.
    private(set) var hedgeCues: [Int: String] = [:]
    /// Token indices that break a negation scope (clause boundaries).
    private(set) var clauseBreaks: [Int] = []
    /// Token indices that break a hedge scope (contrastive boundaries only).
    private(set) var contrastBreaks: [Int] = []
    /// Token indices of "and"/"or": a cue after one belongs to the coordinated verb phrase it
    /// opens ("X increased Y and did not reduce Z"), not to the statement before it.
    private(set) var coordinators: [Int] = []

    static let negations: Set<String> = [
        "not", "no", "never", "neither", "nor", "none", "cannot", "without", "lack", "lacks", "lacked", "lacking",
        "absence", "absent", "unaffected", "unchanged", "unaltered", "nonsignificant", "insignificant", "unable",
        "failed", "fail", "fails", "failure", "nothing", "nowhere", "negligible", "ineffective",
    ]
    /// Cue words that need a following word to be a negation ("failed to", "absence of", "lack of").
    static let needsFollower: [String: Set<String>] = [
        "failed": ["to"], "fail": ["to"], "fails": ["to"], "failure": ["to"], "unable": ["to"],
        "absence": ["of"], "lack": ["of"], "ineffective": ["in", "at"], "lacked": ["any", "a", "the"], "lacking": ["any", "a", "the"],
    ]
    /// Two-word pseudo-negations: the first word is not a cue when followed by the second.
    static let pseudo: Set<String> = [
        "not only", "not just", "not merely", "not simply", "no doubt", "not necessarily", "not limited",
        "no longer than", "not least", "not unlike",
        // "(data not shown)": a note on the figures, not a denial.
        "not shown )",
    ]
    /// How many tokens before a statement a negation cue still reaches it.
    static let preNegationWindow = 8
    /// How many tokens after a statement a negation cue still reaches it ("X and Y were not correlated").
    static let postNegationWindow = 4
    /// Cues that negate the phrase after them, never a statement before them.
    static let nominalCues: Set<String> = ["without", "no", "no significant", "lack", "lacks", "lacked", "lacking",
                                           "absence", "absent", "none", "nothing", "nowhere", "neither", "nor",
                                           "negligible"]
    static let hedges: Set<String> = [
        "if",
        "may", "might", "could", "possibly", "possible", "probably", "probable", "likely", "unlikely", "suggest",
        "suggests", "suggested", "suggesting", "suggestive", "appear", "appears", "appeared", "seem", "seems",
        "seemed", "putative", "putatively", "potentially", "presumably", "perhaps", "hypothesize", "hypothesized",
        "hypothesise", "hypothesised", "hypothesis", "propose", "proposed", "speculate", "speculated", "whether",
        "conceivably", "plausibly", "indicate", "indicates", "imply", "implies", "implied",
        "assume", "assumes", "assumed", "assuming", "believe", "believes", "believed", "presumed", "considered",
        "concept", "idea", "notion", "possibility", "thought",
    ]
    /// Hedge words that hedge only when followed by one of these ("the concept that", "considered
    /// to", "it was assumed that"); elsewhere they are plain nouns or verbs.
    static let hedgeNeedsFollower: [String: Set<String>] = [
        "concept": ["that"], "idea": ["that"], "notion": ["that"], "possibility": ["that"],
        "considered": ["that", "to"], "thought": ["that", "to"], "believe": ["that"], "believes": ["that"], "assume": ["that"], "assumes": ["that"],
    ]
    /// Hedge participles used as adjectives after a determiner ("the hypothesized mode", "a
    /// proposed model") qualify that noun, not the clause.
    static let participleHedges: Set<String> = ["hypothesized", "hypothesised", "proposed", "suggested", "assumed", "presumed", "believed"]
    /// Contrastive words and punctuation: every scope ends there.
    static let contrasts: Set<String> = ["but", "however", "although", "though", "whereas", "yet", "while", "unlike", ";"]
    /// Clause openers that end a negation scope (not a hedge scope: "suggest that X ...").
    static let relatives: Set<String> = ["which", "that", "who", "whom", "whose", "where", "when"]

    init(tokens: [Token]) {
        for (i, t) in tokens.enumerated() {
            let w = t.lower
            if w == "and" || w == "or" { coordinators.append(i) }
            let next = i + 1 < tokens.count ? tokens[i + 1].lower : ""
            let next2 = i + 2 < tokens.count ? tokens[i + 2].lower : ""
            if Self.contrasts.contains(w) || (t.kind == .punct && (t.text == ";" || t.text == ":")) {
                clauseBreaks.append(i)
                contrastBreaks.append(i)
                continue
            }
            // ", not Z" opens a contrast of its own ("X increased Y, not Z").
            if Self.relatives.contains(w) || (t.text == "," && next == "not") { clauseBreaks.append(i) }
            // "doesn't", "can't": the tokenizer splits "n", "'", "t".
            if w == "t", i >= 2, Tokenizer.isApostrophe(tokens[i - 1].text.unicodeScalars.first!), tokens[i - 2].lower.hasSuffix("n") {
                negationCues[i] = "n't"
                continue
            }
            // "NO" in capitals is nitric oxide.
            if Self.negations.contains(w), t.text != "NO" {
                if Self.pseudo.contains(w + " " + next) || Self.pseudo.contains(w + " " + next + " " + next2) { continue }
                // "whether or not": a hedge, not a negation.
                if w == "not", i >= 2, tokens[i - 1].lower == "or", tokens[i - 2].lower == "whether" { continue }
                if let followers = Self.needsFollower[w], !followers.contains(next) { continue }
                negationCues[i] = w == "no" && (next == "significant" || next == "significantly") ? "no significant" : w
            } else if Self.hedges.contains(w) {
                // "appear to", "seem to": the verb of seeming; "appears in" is not a hedge.
                if ["appear", "appears", "appeared", "seem", "seems", "seemed"].contains(w), next != "to" { continue }
                if let followers = Self.hedgeNeedsFollower[w], !followers.contains(next) { continue }
                let previous = i > 0 ? tokens[i - 1].lower : ""
                if Self.participleHedges.contains(w), RelationGrammar.determiners.contains(previous) || previous == "our" { continue }
                // "irrespective of whether", "regardless of whether": no hedge.
                if w == "whether", previous == "of", i >= 2, ["irrespective", "regardless"].contains(tokens[i - 2].lower) { continue }
                hedgeCues[i] = w
            } else if w == "non", next == "-" || next == "\u{2010}", next2 == "significant" {
                negationCues[i] = "non-significant"
            }
        }
    }

    /// The first negation cue in `range`, if any.
    func negation(in range: Range<Int>) -> String? {
        negationCues.filter { range.contains($0.key) }.min { $0.key < $1.key }?.value
    }

    /// The first hedge cue of the clause of a statement from `from` to `to`, if any.
    func hedge(from: Int, to: Int, onlyAfter: Int? = nil) -> String? {
        let start = onlyAfter ?? (contrastBreaks.last { $0 < from } ?? -1) + 1
        return hedgeCues.filter { $0.key >= start && $0.key <= to }.min { $0.key < $1.key }?.value
    }

    /// The polarity of a statement read from tokens `from...to` (inclusive), and its cue.
    func polarity(from: Int, to: Int, preWindow: Int = PolarityScopes.preNegationWindow) -> (Polarity, String?) {
        // Clause around the statement: from the last break before it to the first break after it.
        let clauseStart = (clauseBreaks.last { $0 < from } ?? -1) + 1
        let clauseEnd = (clauseBreaks.first { $0 > to }) ?? Int.max
        // A break inside the statement ("X increases Y but not Z") makes it span two clauses:
        // both count, so X -> Z is negated while X -> Y (ending before "but") is not.
        // A cue before the statement negates it only from nearby ("no significant X binding by Y",
        // "there was no evidence that X ..."): "both with and without CsA, a protein may be
        // involved in folding" stays asserted.
        let negStart = max(clauseStart, from - preWindow)
        let negEnd = min(clauseEnd, to + 1 + Self.postNegationWindow)
        // After the statement only verbal cues count ("were not correlated"); "without", "no",
        // "lack of" open a phrase of their own ("may give rise to X without any Y").
        if let cue = negationCues.filter({ cue in cue.key >= negStart && cue.key < negEnd
            && (cue.key <= to || !Self.nominalCues.contains(cue.value) && !coordinators.contains { $0 > to && $0 < cue.key }) })
            .min(by: { $0.key < $1.key }) {
            return (.negated, cue.value)
        }
        let hedgeStart = (contrastBreaks.last { $0 < from } ?? -1) + 1
        if let cue = hedgeCues.filter({ $0.key >= hedgeStart && $0.key <= to }).min(by: { $0.key < $1.key }) {
            return (.hedged, cue.value)
        }
        return (.asserted, nil)
    }
}
