/// Reads typed relations between consecutive mentions of a sentence (see `RelationGrammar`),
/// with passive voice reversed, negation marked, and object coordination ("X increases Y and Z").
enum RelationExtractor {
    /// Words right before a subject that invert or void its effect ("loss of X increases Y").
    static let inverters: Set<String> = [
        "loss", "lack", "absence", "deficiency", "deletion", "knockdown", "knockout", "inhibition", "depletion",
        "removal", "mutation", "mutations", "mutant", "blocking", "inhibiting", "silencing", "without", "no", "not",
        "anti", "non", "reduced", "decreased", "low", "lower", "ablation", "disruption", "inactivation", "deleting",
        "antagonist", "inhibitor", "inhibitors", "null", "deficient", "suppression", "downregulation", "loss-of",
        "neither", "nor", "except", "unlike", "versus", "vs", "than",
    ]
    static let prepositions: Set<String> = [
        "of", "from", "in", "on", "at", "by", "for", "with", "to", "into", "onto", "within", "between", "among",
        "through", "via", "during", "after", "before", "under", "over", "across", "against", "than", "like",
        "along", "toward", "towards", "upon", "throughout", "beyond", "around", "near", "per", "despite",
        "above", "below", "beneath", "inside", "outside", "behind", "beside", "except",
    ]
    /// Nouns after which "of X" still makes X the acting entity.
    static let ofHeads: Set<String> = [
        "expression", "overexpression", "addition", "presence", "level", "levels", "activity", "activation",
        "concentration", "amount", "treatment", "administration", "incorporation", "application", "supplementation",
        "release", "secretion", "binding", "content", "accumulation", "deposition", "formation", "production",
    ]
    /// Words before a subject that make the clause hypothetical.
    static let hedges: Set<String> = ["whether", "if", "hypothesize", "hypothesized", "hypothesised", "tested",
                                      "test", "examine", "examined", "investigate", "investigated", "unknown", "unclear"]

    static func relations(in ctx: SentenceContext) -> [Relation] {
        var out: [Relation] = []
        let ms = ctx.mentions
        guard ms.count >= 2 else { return out }
        for m in 0..<(ms.count - 1) {
            let a = ms[m], b = ms[m + 1]
            if a.target.key == b.target.key { continue }
            guard let found = relate(ctx, m, m + 1) else { continue }
            out.append(found.relation)
            // Object coordination: "... Y, Z and W".
            var last = m + 1
            while last + 1 < ms.count {
                let sep = ctx.words(ms[last].lastToken + 1..<ms[last + 1].firstToken)
                guard [["and"], ["or"], [","], [",", "and"], [",", "or"], ["as", "well", "as"]].contains(sep) else { break }
                let c = ms[last + 1]
                guard objectEnds(ctx, c, found.parse.predicate) else { break }
                let (src, tgt) = found.parse.reversed ? (c.target, found.other) : (found.other, c.target)
                if typesAllow(found.parse, src, tgt) {
                    var r = found.relation
                    r.source = src.key
                    r.target = tgt.key
                    out.append(r)
                }
                last += 1
            }
        }
        return out
    }

    struct Found { var relation: Relation; var parse: RelationGrammar.Parse; var other: TermTarget }

    /// The relation between mentions `i` (left) and `j` (right), if the connector states one.
    static func relate(_ ctx: SentenceContext, _ i: Int, _ j: Int) -> Found? {
        let a = ctx.mentions[i], b = ctx.mentions[j]
        var from = a.lastToken + 1
        let to = b.firstToken
        // "cBIN1-containing MPs": the left mention modifies a compound, it is not a subject.
        if from < to, ctx.tokens[from].isHyphen || ctx.tokens[from].lower == "/" { return nil }
        // Skip a leading parenthetical "(Fig. 2)", "(10 wt%)".
        if from < to, ctx.tokens[from].text == "(" {
            guard let close = (from..<to).first(where: { ctx.tokens[$0].text == ")" }) else { return nil }
            from = close + 1
        }
        let words = ctx.words(from..<to)
        // "mice have reduced trabecular bone": after has/have/had, -ed effect words are adjectives.
        if words.count >= 2, ["has", "have", "had", "having"].contains(words[0]),
           ["increased", "reduced", "decreased", "elevated", "enhanced", "impaired", "lowered", "diminished",
            "improved", "altered", "attenuated", "suppressed", "inhibited"].contains(words[1]) { return nil }
        // "an IG domain of titin", "the protein component of the matrix": the left mention modifies
        // the noun that starts the connector; it is not the subject of "domain of".
        if let first = words.first, NounPhrases.isNounFirst(first) { return nil }
        var parses: [RelationGrammar.Parse] = []
        if words.isEmpty {
            // "bone's stiffness": possessive subject of a property.
            if a.surface.hasSuffix("'s") || a.surface.hasSuffix("\u{2019}s") {
                parses = [RelationGrammar.Parse(predicate: .exhibitsProperty, reversed: false, negated: false,
                                                condition: .targetIsProperty)]
            } else if from == to, let compound = compound(ctx, a, b) {
                // A noun compound says what it names: "bone toughness", "silk fibres".
                return compound
            }
        } else if words.count <= 12 {
            parses = RelationGrammar.parse(words)
        }
        let head = headBeforeOf(ctx, i)
        guard !parses.isEmpty, subjectIsClean(ctx, a, allowOf: head != nil) else { return nil }
        for p in parses {
            guard objectEnds(ctx, b, p.predicate) else { continue }
            // "The stiffness of bone increases with X": the subject is the property before "of".
            var subject = a.target
            if p.predicate != .exhibitsProperty, let head { subject = head }
            let (src, tgt) = p.reversed ? (b.target, subject) : (subject, b.target)
            guard typesAllow(p, src, tgt) else { continue }
            let trigger = ctx.between(a.lastToken, b.firstToken)
            let rel = Relation(source: src.key, predicate: p.predicate, target: tgt.key, negated: p.negated,
                               trigger: trigger, evidence: ctx.evidence)
            return Found(relation: rel, parse: p, other: subject)
        }
        return nil
    }

    /// Structure words that name a form or an arrangement, not an object made of something
    /// ("bone microstructure" is not made of bone).
    static let abstractStructures: [String] = [
        "structure", "architecture", "morphology", "organization", "organisation", "geometry", "surface",
        "interface", "arrangement", "hierarchy", "texture", "pattern", "topology", "porosity", "orientation",
    ]

    /// Kinds of matter that a compound's modifier may name ("silk" in "silk fibres").
    static let matter: Set<EntityType> = [.material, .protein, .mineral, .polymer]

    /// Two mentions written as one noun compound, the first modifying the second: the thing and
    /// its property ("bone toughness": bone EXHIBITS_PROPERTY toughness), or a structure and what
    /// it is made of ("silk fibres", "chitin nanofibrils": fibre COMPOSED_OF silk). Only when the
    /// compound ends at the second mention and the first is not itself modified by a hyphen or
    /// slash ("cBIN1-containing").
    static func compound(_ ctx: SentenceContext, _ a: MatchedMention, _ b: MatchedMention) -> Found? {
        guard a.lastToken + 1 == b.firstToken, ctx.tokens[b.firstToken].start > ctx.tokens[a.lastToken].end else { return nil }
        if a.firstToken > 0, ctx.tokens[a.firstToken - 1].isHyphen || ctx.tokens[a.firstToken - 1].text == "/" { return nil }
        // The compound goes on ("bone toughness measurements"): the head is another noun.
        if let next = ctx.tokens[safe: b.lastToken + 1], next.kind == .word,
           !FunctionWords.all.contains(next.lower), !RelationGrammar.aux.contains(next.lower),
           !NounPhrases.isAdverb(next.lower), RelationGrammar.phrasesByFirstWord[next.lower] == nil { return nil }
        let parse: RelationGrammar.Parse
        let (src, tgt): (TermTarget, TermTarget)
        if b.target.type == .property, a.target.type.isPhysical, a.target.type != .concept {
            parse = RelationGrammar.Parse(predicate: .exhibitsProperty, reversed: false, negated: false, condition: .targetIsProperty)
            (src, tgt) = (a.target, b.target)
        } else if b.target.type == .structure, matter.contains(a.target.type),
                  !abstractStructures.contains(where: { b.target.key.hasSuffix($0) }) {
            parse = RelationGrammar.Parse(predicate: .composedOf, reversed: true, negated: false, condition: .none)
            (src, tgt) = (b.target, a.target)
        } else {
            return nil
        }
        guard typesAllow(parse, src, tgt) else { return nil }
        let rel = Relation(source: src.key, predicate: parse.predicate, target: tgt.key, negated: false,
                           trigger: "", evidence: ctx.evidence)
        return Found(relation: rel, parse: parse, other: a.target)
    }

    /// The subject is not inside a compound ("anti-X"), inverted ("loss of X") or hedged ("whether X").
    static func subjectIsClean(_ ctx: SentenceContext, _ a: MatchedMention, allowOf: Bool = false) -> Bool {
        let first = a.firstToken
        if first > 0, ctx.tokens[first - 1].isHyphen { return false }
        let lo = max(0, first - 3)
        for t in ctx.tokens[lo..<first] where inverters.contains(t.lower) { return false }
        // Inside a prepositional phrase ("signals from the region control ...") the mention is
        // not the subject; "of" is allowed after effect nouns ("expression of X increases Y").
        var k = first - 1
        while k >= 0, RelationGrammar.determiners.contains(ctx.tokens[k].lower) { k -= 1 }
        // "the ability to bind collagen increases": the object of an infinitive.
        if k >= 1, ctx.tokens[k].kind == .word, ctx.tokens[k - 1].lower == "to", !prepositions.contains(ctx.tokens[k].lower) { return false }
        if k >= 0, prepositions.contains(ctx.tokens[k].lower) {
            guard ctx.tokens[k].lower == "of", allowOf || (k > 0 && ofHeads.contains(ctx.tokens[k - 1].lower)) else { return false }
        }
        let hedgeLo = max(0, first - 10)
        for t in ctx.tokens[hedgeLo..<first] where hedges.contains(t.lower) { return false }
        return true
    }

    /// The object mention ends its noun phrase: punctuation, a function word, an adverb, or
    /// (for effects) "levels"/"expression" follow; not "-induced" or another noun.
    static func objectEnds(_ ctx: SentenceContext, _ b: MatchedMention, _ predicate: RelationPredicate) -> Bool {
        let next = b.lastToken + 1
        guard next < ctx.tokens.count else { return true }
        let t = ctx.tokens[next]
        // "Kl−/− pups", "DHLNL/HLNL ratio": genotype marks and slashes continue the noun phrase.
        if t.isHyphen || ["−", "+", "/", "\u{2013}"].contains(t.text) { return false }
        if FunctionWords.endsPhrase(t) || NounPhraseMiner.verbs.contains(t.lower) || RelationGrammar.verbForms.contains(t.lower) {
            return true
        }
        switch predicate {
        case .increases, .decreases, .regulates, .binds:
            return RelationGrammar.quantityNouns.contains(t.lower) || t.lower == "signaling" || t.lower == "signalling"
        default:
            return false
        }
    }

    /// For "P of (the) X", the property mention P before X.
    static func headBeforeOf(_ ctx: SentenceContext, _ i: Int) -> TermTarget? {
        guard i > 0 else { return nil }
        let prev = ctx.mentions[i - 1], a = ctx.mentions[i]
        let w = ctx.words(prev.lastToken + 1..<a.firstToken)
        guard prev.target.type == .property, w == ["of"] || (w.count == 2 && w[0] == "of" && RelationGrammar.determiners.contains(w[1])) else {
            return nil
        }
        return prev.target
    }

    /// Type constraints per predicate (after orientation).
    /// `open`: the clause reader's noun-phrase arguments (`ClauseExtractor`) may be noun-phrase entities.
    static func typesAllow(_ p: RelationGrammar.Parse, _ src: TermTarget, _ tgt: TermTarget, open: Bool = false) -> Bool {
        guard src.key != tgt.key else { return false }
        switch p.condition {
        case .none: break
        case .targetIsProperty: guard tgt.type == .property, src.type != .property else { return false }
        case .targetIsOrganism: guard tgt.type == .organism else { return false }
        case .targetIsOrganismOrCell: guard tgt.type == .organism || tgt.type == .cellTissue else { return false }
        case .sameType: guard src.type == tgt.type, src.type != .concept else { return false }
        }
        // Recurring noun phrases are entities, but too loose to carry typed edges.
        guard open || (src.source != .nounPhrase && tgt.source != .nounPhrase) else { return false }
        switch p.predicate {
        case .exhibitsProperty: return tgt.type == .property && src.type != .property && (open || src.type != .concept)
        case .isA: return src.type != .property && tgt.type != .property && src.type.isCompatible(with: tgt.type)
        case .partOf, .composedOf, .binds, .derivedFrom: return src.type.isPhysical && tgt.type.isPhysical
        case .similarTo: return (src.type == .property) == (tgt.type == .property)
        case .usedFor: return src.type != .property && tgt.type != .property
        case .measuredBy: return src.type != .organism && tgt.type != .organism && tgt.type != .property
        case .increases, .decreases, .regulates, .causes, .determines, .contributesTo, .correlatesWith:
            // "Kl−/− mice increased Opn levels": an organism is where an effect is seen, not its cause.
            return src.type != .organism
        case .hasValue, .coOccurs: return false
        }
    }
}
