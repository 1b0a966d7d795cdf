/// The connector grammar: which word sequences between two mentions state which predicate.
///
/// A connector is accepted only when it is consumed completely by
/// `[", which"] (aux | adverb | negation)* PHRASE trailer*`; anything else (another noun, a
/// number, a bracket) means the two mentions are not the arguments of one clause, and no typed
/// relation is made. Precision over recall: the audit counts wrong edges.
enum RelationGrammar {
    /// One phrase of the table.
    struct Phrase: Sendable {
        var words: [String]
        var predicate: RelationPredicate
        /// True when the phrase states `B PREDICATE A` ("is increased by").
        var reversed: Bool
        /// Extra type condition on (source, target) after orientation.
        var condition: Condition = .none
        /// True when the phrase needs a copula before it ("is a", not "has a").
        var needsCopula = false
    }

    enum Condition: Sendable { case none, targetIsProperty, targetIsOrganism, targetIsOrganismOrCell, sameType }

    /// The parse of an accepted connector.
    struct Parse: Sendable, Hashable {
        var predicate: RelationPredicate
        var reversed: Bool
        var negated: Bool
        var condition: Condition
    }

    static let aux: Set<String> = [
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "can", "could", "may", "might",
        "will", "would", "should", "must", "did", "does", "do", "also", "which", "that", "then", "both",
    ]
    static let adverbs: Set<String> = [
        "significantly", "strongly", "markedly", "further", "directly", "dramatically", "greatly", "substantially",
        "slightly", "mainly", "primarily", "predominantly", "largely", "partially", "partly", "mostly", "specifically",
        "selectively", "consistently", "typically", "often", "generally", "commonly", "usually", "highly", "tightly",
        "thereby", "indeed", "therefore", "thus", "effectively", "efficiently", "potently", "robustly", "negatively",
        "positively", "differentially", "indirectly", "physically", "covalently", "noncovalently", "reversibly",
        "irreversibly", "preferentially", "exclusively", "almost", "entirely", "primarily", "only", "still",
        "always", "sometimes", "rather", "moreover", "furthermore", "nevertheless",
        "apparently", "likely", "probably", "furthermore", "moreover", "additionally", "however",
        "clearly", "considerably", "modestly", "profoundly", "sharply", "steadily", "gradually", "rapidly",
        "linearly", "monotonically", "naturally", "frequently", "widely", "extensively", "successfully", "apart",
    ]
    static let negations: Set<String> = [
        "not", "never", "no", "cannot", "neither", "nor", "fail", "fails", "failed", "unable", "without",
        "didn't", "doesn't", "don't", "isn't", "aren't", "wasn't", "weren't", "can't", "couldn't", "won't", "hardly",
    ]
    static let determiners: Set<String> = [
        "the", "a", "an", "its", "their", "both", "this", "these", "those", "all", "some", "many", "several",
        "various", "multiple", "each", "such",
    ]
    static let adjectives: Set<String> = [
        "high", "higher", "highest", "low", "lower", "lowest", "great", "greater", "excellent", "remarkable",
        "exceptional", "superior", "increased", "reduced", "enhanced", "improved", "good", "poor", "outstanding",
        "similar", "comparable", "significant", "considerable", "important", "major", "key", "main", "natural",
        "common", "typical", "abundant", "fibrous", "structural", "novel", "promising", "unique", "specific",
        "particular", "large", "larger", "small", "smaller", "extraordinary", "impressive", "favorable", "favourable",
        "well", "known", "potent", "critical", "essential", "principal", "primary", "predominant", "superb",
        "biological", "synthetic", "mechanical", "relatively", "very", "extremely", "unusual", "intrinsic",
        "inherent", "notable", "distinct", "characteristic", "elevated", "decreased", "lowered", "good",
    ]
    /// Nouns that may stand between an effect verb and its object: "increases the expression of Y".
    static let quantityNouns: Set<String> = [
        "expression", "level", "levels", "activity", "formation", "production", "amount", "amounts", "synthesis",
        "secretion", "deposition", "release", "rate", "number", "accumulation", "concentration", "concentrations",
        "content", "abundance", "phosphorylation", "transcription", "activation", "function", "stability", "uptake",
    ]

    static func isNegation(_ w: String) -> Bool { negations.contains(w) || w.hasSuffix("n't") }

    /// Every single-word verb form of the table ("increases", "bound"): words that may follow an object.
    /// The predicate nouns of `copularNominalPhrases` ("regulators of") are not verbs: "inhibitors
    /// of p38 MAPK attenuate Y" keeps its subject.
    static let verbForms: Set<String> = {
        let nominal = Set(copularNominalPhrases.map(\.words))
        return Set(phrases.filter { $0.words.count <= 2 && $0.words[0].count > 3 && !nominal.contains($0.words) }.map { $0.words[0] })
            .subtracting(["of", "with", "from", "a", "an"])
    }()

    /// The phrase table indexed by first word.
    static let phrasesByFirstWord: [String: [Phrase]] = Dictionary(grouping: phrases, by: { $0.words[0] })

    static let copulas: Set<String> = ["is", "are", "was", "were", "be", "been", "being"]

    /// Parses a connector (lowercased words and punctuation, hyphens removed): every phrase that
    /// starts after the aux/adverb/negation prefix and is followed only by an allowed trailer.
    static func parse(_ w: [String]) -> [Parse] {
        guard !w.isEmpty else { return [] }
        var i = 0
        var negated = false
        var copula = false
        if w.count >= 2, w[0] == ",", w[1] == "which" || w[1] == "that" { i = 2 }
        var out: [Parse] = []
        while i <= w.count {
            for phrase in phrasesByFirstWord[w[min(i, w.count - 1)], default: []] where i < w.count
                && i + phrase.words.count <= w.count
                && (!phrase.needsCopula || copula)
                && w[i..<i + phrase.words.count].elementsEqual(phrase.words) {
                let j = consumeTrailer(w, from: i + phrase.words.count, predicate: phrase.predicate)
                if j == w.count {
                    out.append(Parse(predicate: phrase.predicate, reversed: phrase.reversed, negated: negated,
                                     condition: phrase.condition))
                }
            }
            guard i < w.count, aux.contains(w[i]) || adverbs.contains(w[i]) || isNegation(w[i]) else { break }
            if isNegation(w[i]) { negated = true }
            if copulas.contains(w[i]) { copula = true }
            // "fails to increase", "unable to bind"
            if ["fail", "fails", "failed", "unable"].contains(w[i]), i + 1 < w.count, w[i + 1] == "to" { i += 1 }
            i += 1
        }
        return out
    }

    /// Skips determiners and (per predicate) adjectives, adverbs and "the expression of".
    static func consumeTrailer(_ w: [String], from start: Int, predicate: RelationPredicate) -> Int {
        var j = start
        while j < w.count {
            let x = w[j]
            if determiners.contains(x) || adverbs.contains(x) { j += 1; continue }
            switch predicate {
            case .exhibitsProperty, .isA, .usedFor, .similarTo:
                if adjectives.contains(x) { j += 1; continue }
            case .increases, .decreases, .regulates:
                if quantityNouns.contains(x), j + 1 < w.count, w[j + 1] == "of" { j += 2; continue }
            default: break
            }
            break
        }
        return j
    }
}
