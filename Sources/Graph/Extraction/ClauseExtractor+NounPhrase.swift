/// Word classes for reading noun phrases without a POS tagger.
enum NounPhrases {
    /// -ly adverbs ("markedly", "significantly"), but not nouns like "family", "assembly".
    static func isAdverb(_ w: String) -> Bool {
        w.count > 4 && w.hasSuffix("ly") && !nounsInLy.contains(w)
    }
    static let nounsInLy: Set<String> = ["family", "assembly", "anomaly", "monopoly", "supply", "reply", "butterfly", "fly",
                                         "jelly", "belly", "ally", "rally", "dragonfly", "firefly", "housefly", "polyly"]
    /// Verbs of reporting and method that begin no noun phrase ("we detect X", "to apply X").
    static let verbs: Set<String> = [
        "detect", "detected", "apply", "applied", "found", "find", "finds", "implement", "implemented", "revealed",
        "indicated", "suggested", "confirm", "confirmed", "confirms", "proposed", "showed", "shown", "present", "presented",
        "know", "knew", "speculate", "explain", "explains", "explained", "verify", "verified", "measured", "calculated",
        "estimated", "tested", "examined", "studied", "analyzed", "analysed", "identified", "reported", "noted",
        "believed", "thought", "considered", "expected", "predicted", "assumed", "concluded", "hypothesize",
        "hypothesized", "demonstrated", "observed", "obtained", "performed", "compared", "determined", "evaluated",
        "investigated", "assessed", "linked", "named", "called", "termed", "described", "established", "exist",
        "exists", "existed", "agree", "agrees", "argue", "argues", "argued", "remains", "remained", "became",
        "seen", "see", "sees", "means", "mean", "get", "gets", "got", "put", "puts", "let", "lets", "can", "took",
        "gave", "given", "made", "did", "done", "need", "needs", "needed", "want", "wants", "tried", "try",
        "helps", "help", "helped", "allows", "allowed", "enables", "enabled", "enable", "remain", "appear", "seem",
        "like", "et", "al", "fig", "figs", "figure", "figures", "table", "tables", "ref", "refs", "eq", "we", "us",
        "our", "i", "he", "she", "him", "her", "his", "them", "one", "ones", "none", "who", "what", "how", "why",
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen", "half",
        "if", "whether", "simulate", "predict", "reproduce", "capture", "hence", "thereby", "here", "thus", "therefore",
        "now", "still", "already", "though", "otherwise", "express", "expresses", "according", "regarding", "concerning", "dr", "mr", "mrs", "ms", "prof", "recapitulate", "recapitulates",
        "next", "allowing", "enabling", "permitting", "making", "giving", "rendering", "yielding", "providing", "requiring",
    ]
    /// Whether a word has the shape of an adjective or participle ("complicated", "numerous",
    /// "effective") and cannot head a noun phrase.
    static func isAdjectiveShaped(_ w: String) -> Bool {
        if nounHeadsLikeAdjectives.contains(w) { return false }
        if RelationGrammar.adjectives.contains(w) { return true }
        guard w.count > 4 else { return false }
        return ["ed", "ous", "ive", "able", "ible", "ful", "less"].contains { w.hasSuffix($0) }
    }
    static let nounHeadsLikeAdjectives: Set<String> = [
        "adhesive", "adhesives", "derivative", "derivatives", "additive", "additives", "alternative", "representative",
        "preservative", "objective", "explosive", "seed", "speed", "bed", "need", "feed", "reed", "shed", "breed",
        "hundred", "thread", "bleed", "steed", "variable", "variables", "cable", "table", "vegetable",
    ]
    /// A one-word phrase that is an adjective, adverb or quantifier, not a name: no capital or
    /// digit, and an adjective of the grammar, adjective-shaped, or one of the common ones.
    static func isLoneModifier(_ t: Token) -> Bool {
        if t.text.unicodeScalars.contains(where: { $0.properties.isUppercase || $0.properties.numericType != nil }) { return false }
        let w = t.lower
        return RelationGrammar.adjectives.contains(w) || isAdjectiveShaped(w) || loneModifiers.contains(w)
            || (w.count > 4 && ["al", "ic", "ent", "ant", "ar"].contains { w.hasSuffix($0) } && !w.hasSuffix("ment")
                && !nounsLikeModifiers.contains(w) && !NounPhraseMiner.nominalHeads.contains(w))
    }
    /// Verbs that link an entity to its property in a comparison ("has", "shows", "exhibits").
    static let linkVerbs: Set<String> = ["has", "have", "had", "having", "shows", "show", "showed", "shown", "exhibits",
                                         "exhibit", "exhibited", "displays", "displayed", "possesses", "possess", "with",
                                         "reaches", "reached", "achieves", "achieved"]
    /// First words of table phrases that are nouns ("fraction of", "component of", "candidates for"):
    /// they may stand inside a noun phrase ("the mineral fraction").
    static let nounFirstWords: Set<String> = Set(RelationGrammar.phrases.filter {
        $0.words.count >= 2 && ["of", "for"].contains($0.words[1]) && [.partOf, .isA, .usedFor].contains($0.predicate)
    }.map { $0.words[0] }).subtracting(["a", "an", "the", "one", "consists", "consist", "composed", "made", "rich"])
    /// A first word of the table that is a noun ("domain", "component", "fraction"), not a verb or
    /// adjective that happens to open an of/for phrase ("used for", "suitable for").
    static func isNounFirst(_ w: String) -> Bool {
        nounFirstWords.contains(w) && !w.hasSuffix("ed") && !w.hasSuffix("ing") && !w.hasSuffix("able") && !w.hasSuffix("ful")
            && !["serves", "serve", "ideal", "promising", "responsible", "important", "essential", "crucial", "critical",
                 "necessary", "required", "rich", "typical", "characteristic", "indicative"].contains(w)
    }
    /// Heads that only point at the noun after "of" ("side of X", "consequence of X", "variety of X").
    static let relationalHeads: Set<String> = [
        "side", "consequence", "one", "part", "half", "most", "variety", "range", "set", "series", "majority",
        "number", "total", "kind", "type", "sort", "example", "case", "aspect", "result", "end", "top", "bottom",
        "rest", "remainder", "group", "class", "member", "middle", "center", "centre", "edge", "vicinity",
    ]
    static let modals: Set<String> = ["can", "could", "may", "might", "will", "would", "should", "must", "cannot", "does", "did", "do"]
    static let loneModifiers: Set<String> = [
        "tiny", "special", "strong", "weak", "sufficient", "insufficient", "minor", "overnight", "necessary", "able",
        "capable", "responsible", "present", "absent", "possible", "different", "similar", "new", "old", "young",
        "small", "large", "big", "long", "short", "fast", "slow", "rapid", "hard", "soft", "stiff", "tough", "rich",
        "poor", "free", "key", "main", "due", "likely", "unlikely", "clear", "unclear", "true", "false", "full",
        "whole", "bulky", "healthier", "wild", "distributing", "sustaining", "comparing", "downstream", "upstream",
        // -ing adjectives, never a thing on their own ("interesting results in", "the underlying").
        "interesting", "promising", "surprising", "striking", "intriguing", "convincing", "compelling", "emerging",
        "existing", "underlying", "corresponding", "increasing", "decreasing", "remaining", "preceding",
        "outstanding", "demanding", "challenging", "encouraging", "appealing", "puzzling", "confusing",
    ]
    static let nounsLikeModifiers: Set<String> = [
        "material", "mineral", "animal", "signal", "crystal", "potential", "interval", "terminal", "individual",
        "chemical", "agent", "component", "constituent", "element", "segment", "treatment", "experiment", "fragment",
        "ligament", "filament", "cement", "content", "extent", "gradient", "patient", "nutrient", "solvent", "reagent",
        "coefficient", "plant", "implant", "mutant", "variant", "antioxidant", "collagen", "polymer", "molecular",
        "ceramic", "plastic", "fabric", "acid", "tubular", "nucleic", "mechanic", "cellular", "muscular", "vascular",
        "particular", "radical", "arsenic", "clinic", "graphic", "mosaic", "epic", "topic", "logic", "tropic",
    ]
    /// -ing words that work as prepositions or determiners, never as a noun's modifier.
    static let prepositionsInIng: Set<String> = [
        "following", "using", "including", "according", "regarding", "concerning", "depending", "involving",
        "excluding", "preceding", "during", "considering", "comparing", "resulting", "leading", "starting",
    ]
    /// Single-word arguments too vague to name an entity.
    static let vague: Set<String> = [
        "result", "results", "data", "study", "studies", "analysis", "analyses", "work", "author", "authors", "paper",
        "finding", "findings", "observation", "observations", "method", "methods", "experiment", "experiments",
        "approach", "way", "case", "cases", "example", "fact", "model", "models", "system", "systems", "process",
        "factor", "factors", "mechanism", "mechanisms", "effect", "effects", "change", "changes", "difference",
        "differences", "property", "properties", "structure", "structures", "sample", "samples", "group", "groups",
        "level", "levels", "value", "values", "number", "amount", "part", "parts", "type", "types", "form", "forms",
        "condition", "conditions", "role", "roles", "function", "functions", "evidence", "activity", "presence",
        "absence", "time", "times", "step", "steps", "state", "states", "others", "other", "both", "all", "each",
        "feature", "features", "aspect", "aspects", "behavior", "behaviour", "response", "responses",
        "few", "little", "lot", "lots", "much", "many", "another",
    ]
    /// Words skipped before an object noun phrase ("one or more filaments", "both X").
    static let objectLead: Set<String> = [
        "one", "or", "more", "two", "three", "four", "several", "both", "any", "other", "further", "additional", "many",
        "most", "some", "only", "also", "even", "all", "each", "every", "much", "such", "certain", "various",
        "different", "multiple", "numerous", "specific", "particular", "same", "few",
    ]
}

/// Reading the noun phrases around a relation phrase.
extension ClauseExtractor {
    /// Whether word `p` may stand inside a noun phrase.
    /// `infinitive`: a word right after "to" is a verb ("to detect X"); off after a phrase ending in "to".
    func isNounPhraseWord(_ p: Int, infinitive: Bool = true) -> Bool {
        let t = ctx.tokens[tok[p]]
        guard t.kind != .punct else {
            // "C. trachomatis", "E. coli": the period of an abbreviated genus is inside the name.
            if isGenusPeriod(p) { return true }
            // "Kl−/−", "FGFR1c/Klotho", "α1(I)": slashes and genotype marks inside a name.
            return ["/", "−", "+", "^"].contains(t.text) && p > 0 && p + 1 < w.count && tok[p - 1] == tok[p] - 1 && tok[p + 1] == tok[p] + 1
        }
        // The genus letter before its period ("E" in "E. coli") is part of the name, not a word of its own.
        if p + 1 < w.count, isGenusPeriod(p + 1) { return true }
        let x = w[p]
        if t.kind == .number { return true }
        // An -ing word of a lexicon term is a noun, a gerund ("Crosslinking increased", "the
        // loading regime"); other forms stay ambiguous ("TG crosslinks drosocrystallin").
        if x.hasSuffix("ing"), ctx.mentions.contains(where: { $0.target.source == .lexicon && $0.firstToken <= tok[p] && $0.lastToken >= tok[p] }) {
            return true
        }
        // Hyphen compounds stay whole: "chitin-binding", "pore-forming", "load-bearing".
        if p > 0, tok[p] >= 2, tok[p - 1] == tok[p] - 2, ctx.tokens[tok[p] - 1].isHyphen, t.kind == .word { return true }
        // "relative growth rates": an adjective unless "relative to".
        let relativeAdjective = x == "relative" && p + 1 < w.count && w[p + 1] != "to" && ctx.tokens[tok[p + 1]].kind == .word
        if !relativeAdjective, FunctionWords.all.contains(x) || RelationGrammar.aux.contains(x) || RelationGrammar.isNegation(x)
            || RelationGrammar.adverbs.contains(x) || NounPhrases.isAdverb(x) || NounPhrases.verbs.contains(x) { return false }
        // "-ing of" is a noun ("binding of the cation"); otherwise verb forms of the table end the phrase.
        // Right after "the" or a possessive, a base or -s verb form of the table is a noun ("the
        // complex", "their controls"); -ed and -ing forms stay ambiguous, and after "a"/"an" an
        // adjective reading is common ("a complex process").
        // Also after a symbol that follows the determiner: "the CRTAP/P3H1 complex", "the TG gene".
        var d = p - 1
        while d > 0, isSymbol(d) || (["/", "−", "+", "^"].contains(w[d]) && isSymbol(d - 1)) { d -= 1 }
        let nounAfterDeterminer = d >= 0 && d < p && ["the", "its", "their"].contains(w[d]) && !x.hasSuffix("ed") && !x.hasSuffix("ing")
            && RelationGrammar.verbForms.contains(x) && !NounPhraseMiner.verbs.contains(x)
        if !nounAfterDeterminer,
           NounPhraseMiner.verbs.contains(x) || (RelationGrammar.verbForms.contains(x) && !NounPhrases.nounFirstWords.contains(x)) {
            // "a few key interacting residues", "the signaling molecules": an -ing form between a
            // determiner or adjective and a noun modifies the noun.
            // Not after a participle ("were trained using X") nor a preposition in -ing ("the
            // following plasmids", "using lasers").
            if x.hasSuffix("ing"), p > 0, p + 1 < w.count, ctx.tokens[tok[p + 1]].kind == .word, !w[p + 1].hasSuffix("ing"),
               !NounPhrases.prepositionsInIng.contains(x), !w[p - 1].hasSuffix("ed"),
               RelationGrammar.determiners.contains(w[p - 1]) || NounPhrases.isLoneModifier(ctx.tokens[tok[p - 1]]),
               !FunctionWords.all.contains(w[p + 1]), !RelationGrammar.verbForms.contains(w[p + 1]), !NounPhrases.verbs.contains(w[p + 1]),
               !RelationGrammar.determiners.contains(w[p + 1]) {
                return true
            }
            return x.hasSuffix("ing") && p + 1 < w.count && w[p + 1] == "of"
        }
        // After "to" a word is an infinitive ("to detect X").
        // A symbol is no verb ("to I27", "to TGF-β1").
        if infinitive, p > 0, w[p - 1] == "to",
           !t.text.unicodeScalars.dropFirst().contains(where: { $0.properties.isUppercase || $0.properties.numericType != nil }) {
            return false
        }
        // After a modal a word is a verb ("can completely rescue X").
        if p > 0, NounPhrases.modals.contains(w[p - 1]) || (p > 1 && NounPhrases.isAdverb(w[p - 1]) && NounPhrases.modals.contains(w[p - 2])) {
            return false
        }
        return true
    }

    /// Whether word `p` is a written symbol: a capital past its first letter or a digit ("CRTAP", "P3H1").
    func isSymbol(_ p: Int) -> Bool {
        let t = ctx.tokens[tok[p]]
        guard t.kind == .word, t.text.unicodeScalars.count >= 2 else { return false }
        return t.text.unicodeScalars.dropFirst().contains { $0.properties.isUppercase || $0.properties.numericType != nil }
    }

    /// Event nouns whose "with" attachment belongs to the phrase ("infection with C. trachomatis",
    /// "treatment with PTH").
    static let withHeads: Set<String> = [
        "infection", "infections", "treatment", "treatments", "exposure", "supplementation", "incubation", "coating",
        "doping", "functionalization", "functionalisation", "modification", "substitution", "complexation",
        "co-culture", "coculture", "transfection", "immunization", "colonization", "fertilization",
    ]

    /// Whether word `p` is the period of an abbreviated genus: one capital letter right before it,
    /// a lower-case species epithet after a space ("C. trachomatis", "S. aureus").
    func isGenusPeriod(_ p: Int) -> Bool {
        guard w[p] == ".", p > 0, p + 1 < w.count, tok[p - 1] == tok[p] - 1 else { return false }
        let genus = ctx.tokens[tok[p - 1]], species = ctx.tokens[tok[p + 1]]
        guard genus.kind == .word, genus.text.unicodeScalars.count == 1,
              genus.text.unicodeScalars.allSatisfy({ $0.properties.isUppercase }) else { return false }
        guard species.kind == .word, species.start > ctx.tokens[tok[p]].end, species.text.count >= 3,
              species.text.unicodeScalars.allSatisfy({ $0.properties.isLowercase }) else { return false }
        // Not the end of a sentence fragment followed by a common word ("in group A. the ...").
        return !FunctionWords.all.contains(species.lower) && !RelationGrammar.aux.contains(species.lower)
    }

    /// The noun phrase ending at word `e` (a bracket group before it skipped), with at most one
    /// "of"/"in" attachment: "global inactivation of Bmpr1a", "mutations in CRTAP".
    func nounPhraseLeft(endingAt e: Int, maxWords: Int = 8, relative: Bool = false) -> Phrase? {
        var i = e
        if w[i] == ")" || w[i] == "]" {
            let open = w[i] == ")" ? "(" : "["
            guard let o = (max(0, i - 20)..<i).last(where: { w[$0] == open }), o > 0 else { return nil }
            i = o - 1
        }
        guard i >= 0, isNounPhraseWord(i) else { return nil }
        var p = i, count = 0, attached = false, headWord = i
        while p >= 0, count < maxWords {
            if isNounPhraseWord(p) { count += 1; p -= 1; continue }
            if !attached, count > 0, p > 0 {
                if ["of", "in"].contains(w[p]) || w[p] == "with" && Self.withHeads.contains(w[p - 1]), isNounPhraseWord(p - 1) {
                    attached = true; p -= 1; headWord = p; continue
                }
                if RelationGrammar.determiners.contains(w[p]), p > 1,
                   ["of", "in"].contains(w[p - 1]) || w[p - 1] == "with" && Self.withHeads.contains(w[p - 2]), isNounPhraseWord(p - 2) {
                    attached = true; p -= 2; headWord = p; continue
                }
            }
            break
        }
        var start = p + 1
        while start <= i, ctx.tokens[tok[start]].kind != .word || NounPhrases.objectLead.contains(w[start]) { start += 1 }
        guard start <= i else { return nil }
        // Inside a prepositional phrase ("needed for X is", "in different areas of Y are") the
        // phrase is not the subject.
        var q = p
        while q >= 0, RelationGrammar.determiners.contains(w[q]) || NounPhrases.objectLead.contains(w[q])
                || NounPhrases.isAdjectiveShaped(w[q]) || w[q] == "given"
                // "align to maximal stress directions", "the ability to bind collagen": the word after "to".
                || (q > 0 && w[q - 1] == "to" && isNounPhraseWord(q, infinitive: false)) { q -= 1 }
        if !relative, q >= 0, RelationExtractor.prepositions.contains(w[q]) { return nil }
        if NounPhrases.isAdjectiveShaped(w[attached ? headWord : i]) { return nil }
        if attached, headWord < start { return nil }
        return phrase(first: tok[start], last: tok[i], head: tok[attached ? headWord : i], attached: attached)
    }

    /// The noun phrase starting at word `s` (determiners, quantifiers and adverbs skipped), with at
    /// most one "of" attachment: "the speed of motion", "a significant loss of mechanical stability".
    func nounPhraseRight(from s: Int, skipDeterminers: Bool = true) -> Phrase? {
        var p = s, skipped = 0
        while skipDeterminers, p < w.count, skipped < 4,
              RelationGrammar.determiners.contains(w[p]) || RelationGrammar.adverbs.contains(w[p]) || NounPhrases.isAdverb(w[p])
                || NounPhrases.objectLead.contains(w[p]) {
            p += 1; skipped += 1
        }
        // "led to increased permeability of X": an -ed effect word before a noun is an adjective.
        let participle = p + 1 < w.count && w[p].hasSuffix("ed") && RelationGrammar.verbForms.contains(w[p]) && isNounPhraseWord(p + 1)
        guard p < w.count, ctx.tokens[tok[p]].kind == .word, isNounPhraseWord(p, infinitive: false) || participle else { return nil }
        let start = p
        p += 1
        var count = 1, attached = false, headWord = -1
        while p < w.count, count < 8 {
            if isNounPhraseWord(p) { count += 1; p += 1; continue }
            if !attached, count > 0, w[p] == "of", p + 1 < w.count {
                if isNounPhraseWord(p + 1), ctx.tokens[tok[p + 1]].kind == .word { attached = true; headWord = p - 1; p += 1; continue }
                // "the loss of both functions", "of the many", "of these".
                var q = p + 1
                while q < w.count, q - p <= 3, RelationGrammar.determiners.contains(w[q]) || NounPhrases.objectLead.contains(w[q]) { q += 1 }
                if q > p + 1, q < w.count, isNounPhraseWord(q), ctx.tokens[tok[q]].kind == .word {
                    attached = true; headWord = p - 1; p = q; continue
                }
            }
            break
        }
        // "results in regions of mutually parallel ...": an "of" it could not attach leaves the
        // phrase incomplete.
        if !attached, p < w.count, w[p] == "of" { return nil }
        var end = p - 1
        // A trailing slash or number is not the head.
        while end > start, ctx.tokens[tok[end]].kind != .word { end -= 1 }
        if attached, headWord >= end { attached = false }
        // "plays a role in defining the degree": a gerund with its own object is a verb.
        if end == start, w[end].hasSuffix("ing"), end + 1 < w.count, RelationGrammar.determiners.contains(w[end + 1]) { return nil }
        // "causes the ribs to restraighten": the phrase is the subject of another verb.
        if end + 2 < w.count, w[end + 1] == "to", Self.looksLikeVerb(w[end + 2]) { return nil }
        if NounPhrases.isAdjectiveShaped(w[attached ? headWord : end]) { return nil }
        // "loss of the whole (complex)": a phrase that ends in a modifier stops before its noun.
        if end > start, NounPhrases.isLoneModifier(ctx.tokens[tok[end]]) { return nil }
        // "pathogenic E. coli": a name cut at an abbreviation's period.
        if tok[end] + 1 < ctx.tokens.count, ctx.tokens[tok[end] + 1].text == ".", ctx.tokens[tok[end]].text.count == 1,
           ctx.tokens[tok[end]].text.unicodeScalars.allSatisfy({ $0.properties.isUppercase }) { return nil }
        // "Ehler—Danlos syndrome": a name cut at a dash written without spaces.
        let last = tok[end]
        if last + 2 < ctx.tokens.count, ["\u{2014}", "\u{2013}", "-"].contains(ctx.tokens[last + 1].text),
           ctx.tokens[last + 1].start == ctx.tokens[last].end, ctx.tokens[last + 2].start == ctx.tokens[last + 1].end { return nil }
        // "an elaborate and highly specialized structure": one word before "and" + a modifier is
        // an adjective of the noun after them.
        // ("and raised the toughness": a verb of the table before a determiner is a verb.)
        if end == start, !attached, end + 2 < w.count, ["and", "or"].contains(w[end + 1]),
           NounPhrases.isAdverb(w[end + 2]) || NounPhrases.isAdjectiveShaped(w[end + 2]),
           !(RelationGrammar.verbForms.contains(w[end + 2]) && end + 3 < w.count && RelationGrammar.determiners.contains(w[end + 3])),
           !ctx.mentions.contains(where: { $0.firstToken <= tok[end] && $0.lastToken >= tok[end] }) { return nil }
        guard let found = phrase(first: tok[start], last: tok[end], head: tok[attached ? headWord : end], attached: attached) else { return nil }
        // "important for type I collagen folding because": an -ing noun after the phrase is its head.
        if let next = wordIndex(after: found.last), tok[next] == found.last + 1, w[next].count > 4, w[next].hasSuffix("ing"),
           ctx.tokens[tok[next]].kind == .word, !Self.clauseAfterPhrase.contains(w[next]) {
            if next + 1 >= w.count || ctx.tokens[tok[next + 1]].kind == .punct
                || (FunctionWords.all.contains(w[next + 1]) || RelationExtractor.prepositions.contains(w[next + 1]))
                && !RelationGrammar.determiners.contains(w[next + 1]) { return nil }
        }
        return found
    }

    /// -ing words that open a phrase or clause of their own after a complete noun phrase
    /// ("the pathway leading to metastases", "ELISA according to the protocol"), unlike a head
    /// noun in -ing ("type I collagen folding") or "depending on", which attaches to the verb.
    static let clauseAfterPhrase: Set<String> = [
        "according", "regarding", "concerning", "leading", "resulting", "during", "including", "following",
    ]

    /// `TermNormalizer.key` of the span's text, from its tokens through the extraction's word cache.
    func key(_ first: Int, _ last: Int) -> String {
        var words: [String] = []
        for t in ctx.tokens[first...last] where t.kind != .punct {
            let n = cache.normalized(t.text)
            if !n.isEmpty { words.append(n) }
        }
        guard !words.isEmpty else { return "" }
        words[words.count - 1] = cache.singular(words[words.count - 1])
        return words.joined(separator: " ")
    }

    /// A word after "to" that reads as an infinitive ("to restraighten", "to form").
    static func looksLikeVerb(_ x: String) -> Bool {
        if NounPhraseMiner.verbs.contains(x) || NounPhrases.verbs.contains(x) || RelationGrammar.verbForms.contains(x) { return true }
        return x.count > 5 && ["en", "ize", "ise", "ate", "ify"].contains { x.hasSuffix($0) }
    }

    /// The entity a token span names: the mention it is, the mention at its head (modifiers
    /// dropped) when nothing is attached, else a noun-phrase entity.
    func phrase(first: Int, last: Int, head: Int, attached: Bool) -> Phrase? {
        guard first <= last else { return nil }
        var first = first, last = last, head = head
        // A name the phrase cuts ("Biofilm associated | proteins") is taken whole.
        if let m = ctx.mentions.first(where: { $0.target.source != .nounPhrase && $0.firstToken < first && $0.lastToken >= first }),
           first - m.firstToken <= 4 { first = m.firstToken }
        if let m = ctx.mentions.first(where: { $0.target.source != .nounPhrase && $0.firstToken <= last && $0.lastToken > last }),
           m.lastToken - last <= 4 {
            if head == last { head = m.lastToken }
            last = m.lastToken
        }
        let range = ctx.tokens[first].start..<ctx.tokens[last].end
        let surface = ctx.scalars.text(range)
        let inside = ctx.mentions.filter { $0.firstToken >= first && $0.lastToken <= last
            && ($0.target.source != .nounPhrase || ($0.firstToken == first && $0.lastToken == last)) }
        if let m = inside.first(where: { $0.firstToken == first && $0.lastToken == last }) {
            return Phrase(first: first, last: last, head: head, target: m.target, isNew: false, range: range, surface: surface)
        }
        // Only part of a mention inside: the phrase cuts a name.
        if ctx.mentions.contains(where: { $0.target.source != .nounPhrase
            && (($0.firstToken < first && $0.lastToken >= first) || ($0.firstToken <= last && $0.lastToken > last)) }) {
            return nil
        }
        if !attached, inside.count == 1, let m = inside.last, m.lastToken == last {
            return Phrase(first: first, last: last, head: head, target: m.target, isNew: false, range: range, surface: surface)
        }
        let key = self.key(first, last)
        let words = key.split(separator: " ")
        guard !words.isEmpty, words.count <= 10 else { return nil }
        if words.count == 1, NounPhrases.vague.contains(String(words[0])) || words[0].count < 2 { return nil }
        // A lone adjective or adverb ("tiny", "sufficient", "overnight") names nothing.
        if first == last, NounPhrases.isLoneModifier(ctx.tokens[first]) { return nil }
        if let t = index.target(forKey: key) {
            return Phrase(first: first, last: last, head: head, target: t, isNew: false, range: range, surface: surface)
        }
        let headKey = cache.singular(cache.normalized(ctx.tokens[head].text))
        if NounPhrases.vague.contains(headKey), words.count == 1 { return nil }
        // "58 times more (likely)": a comparison, no thing.
        if ["more", "less", "times", "fold"].contains(headKey) { return nil }
        // "side of Bmpr1a", "consequences of X": a relational head names no entity of its own.
        if attached, NounPhrases.relationalHeads.contains(headKey) { return nil }
        // The head of a new phrase must not be a modifier ("a non-bulky, uncharged ...", "the whole").
        if NounPhrases.isLoneModifier(ctx.tokens[head]) { return nil }
        var type = EntityType.concept
        if let t = index.target(forKey: headKey), t.source == .lexicon { type = t.type }
        else if PropertyValueExtractor.unitsByHead[headKey] != nil || ["property", "behavior", "stability"].contains(headKey) {
            type = .property
        }
        return Phrase(first: first, last: last, head: head, target: TermTarget(key: key, name: surface, type: type, source: .nounPhrase),
                      isNew: true, attached: attached, range: range, surface: surface)
    }
}
