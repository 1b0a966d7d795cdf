/// Clause-level typed relations between noun phrases, beside the mention-pair grammar
/// (`RelationExtractor`): a relation phrase of the table (`RelationGrammar.phrases`) found
/// anywhere in the sentence, after an aux/adverb/negation prefix ("did not significantly
/// increase", "has been shown to cause", ", which leads to"); its subject is the noun phrase that
/// ends right before the prefix (one "of"/"in" attachment: "the stiffness of bone"; after
/// ", which" the phrase before the comma), its object the first noun phrase after the phrase
/// (determiners, quantifiers and adverbs skipped; one "of" attachment). Passives are reversed by
/// the table. Noun phrases that are not mentions of a known entity become `nounPhrase` entities
/// (typed by their head word when the lexicon knows it). Also "X are Ys" and the apposition
/// "X, a Y" (IS_A), and "X-induced Y" (CAUSES).
struct ClauseExtractor {
    /// A noun phrase argument: its token span and the entity it names.
    struct Phrase: Sendable, Hashable {
        var first: Int
        var last: Int
        /// The head token ("communities" in "communities of bacteria").
        var head: Int = -1
        var target: TermTarget
        /// True when the phrase is not a mention (a new noun-phrase entity to record).
        var isNew: Bool
        /// True when the phrase has an of/in attachment.
        var attached = false
        var range: Range<Int>
        var surface: String
    }

    let ctx: SentenceContext
    let scopes: PolarityScopes
    let index: TermIndex
    let cache: WordCache
    /// Lowercased words (hyphens dropped) and their token indices.
    let w: [String]
    let tok: [Int]

    init(ctx: SentenceContext, scopes: PolarityScopes, index: TermIndex, cache: WordCache) {
        self.ctx = ctx
        self.scopes = scopes
        self.index = index
        self.cache = cache
        var w: [String] = [], tok: [Int] = []
        for (i, t) in ctx.tokens.enumerated() where !t.isHyphen {
            w.append(t.lower)
            tok.append(i)
        }
        self.w = w
        self.tok = tok
    }

    /// Phrases the clause reader never starts from: too common to state a relation on their own.
    static let skipped: Set<[String]> = [["of"], ["with"], ["from"], ["in"], ["has"], ["have"], ["had"], ["having"]]

    /// IS_A phrases that state the class without a copula ("Ys such as X", "Ys called X").
    static let isAWithoutCopula: Set<[String]> = [
        ["such", "as"], [",", "such", "as"], ["including"], [",", "including"], ["known", "as"], ["called"], ["termed"],
        [",", "known", "as"], [",", "called"], [",", "termed"],
    ]

    /// Words that, followed by "to", raise the verb after them ("shown to cause", "appears to increase").
    static let raising: Set<String> = [
        "shown", "found", "known", "reported", "thought", "believed", "appear", "appears", "appeared", "seem", "seems",
        "seemed", "likely", "unlikely", "able", "suggested", "proposed", "predicted", "expected", "demonstrated",
        "observed", "said", "considered", "hypothesized", "assumed", "tend", "tends", "tended", "continue", "continues",
        "help", "helps", "helped", "serve", "serves", "served", "act", "acts", "acted", "likely",
    ]

    /// Typed relations of the sentence and the new noun-phrase arguments they name; pairs the
    /// mention grammar already linked (`existing`) are left to it.
    func relations(existing: [Relation]) -> (relations: [Relation], phrases: [Phrase]) {
        var linked = Set<String>()
        for r in existing where r.predicate != .coOccurs { linked.insert(Self.pairID(r.source, r.target)) }
        var out: [Relation] = [], phrases: [Phrase] = []
        var k = 0
        var previous: Statement?
        while k < w.count {
            var advanced = false
            for (phrase, n) in candidates(at: k) {
                guard let found = relate(phrase, at: k, length: n, previous: previous) else { continue }
                for (rel, s, o) in [(found.relation, found.subject, found.object)] + found.conjuncts {
                    let id = Self.pairID(rel.source, rel.target)
                    if linked.insert(id).inserted {
                        out.append(rel)
                        phrases += [s, o].filter(\.isNew)
                    }
                }
                previous = Statement(subject: found.subject, object: found.lastObject ?? found.object, reversed: phrase.reversed)
                k += n
                advanced = true
                break
            }
            if advanced { continue }
            if let (rel, s, o) = copulaIsA(at: k) ?? apposition(at: k) ?? induced(at: k) ?? deniedEffect(at: k) ?? agentOfGerund(at: k)
                ?? adjectivalProperty(at: k)
                ?? reciprocalCorrelation(at: k) ?? nominalCorrelation(at: k),
               linked.insert(Self.pairID(rel.source, rel.target)).inserted {
                out.append(rel)
                phrases += [s, o].filter(\.isNew)
            }
            if let (rel, s, o) = partOfHolder(at: k), linked.insert(Self.pairID(rel.source, rel.target)).inserted {
                out.append(rel)
                phrases += [s, o].filter(\.isNew)
            }
            k += 1
        }
        return (out, phrases)
    }

    static func pairID(_ a: String, _ b: String) -> String { min(a, b) + "\t" + max(a, b) }

    /// A relation read from a phrase: its subject and object phrases (before passives are
    /// reversed), and the relations of coordinated subjects and objects ("X and Y increase Z",
    /// "X increases Y and Z") with the subject and object of each.
    struct Found {
        var relation: Relation
        var subject: Phrase
        var object: Phrase
        var conjuncts: [(Relation, Phrase, Phrase)] = []
        /// The last coordinated object, where the statement ends.
        var lastObject: Phrase?
    }

    /// The last statement of the sentence, whose subject a coordinated verb shares ("X increased
    /// A and did not reduce B").
    struct Statement {
        var subject: Phrase
        var object: Phrase
        var reversed: Bool
    }

    /// Table phrases that start at word `k`, longest first.
    func candidates(at k: Int) -> [(RelationGrammar.Phrase, Int)] {
        // The second half of a hyphen compound ("Bap-mediated") is a modifier, read by `induced`.
        if k > 0, tok[k] >= 2, tok[k - 1] == tok[k] - 2, ctx.tokens[tok[k] - 1].isHyphen { return [] }
        guard let list = RelationGrammar.phrasesByFirstWord[w[k]] else { return [] }
        var out: [(RelationGrammar.Phrase, Int)] = []
        for p in list where k + p.words.count <= w.count && (p.words.count < 2 || w[k + 1] == p.words[1])
            && w[k..<k + p.words.count].elementsEqual(p.words) && !(p.words.count == 1 && Self.skipped.contains(p.words)) {
            out.append((p, p.words.count))
        }
        // Only the longest: when "a type of" fails its type check, "a" must not read "type of silk".
        return out.max { $0.1 < $1.1 }.map { [$0] } ?? []
    }

    /// The relation stated by `phrase` at word `k`, with its two arguments.
    func relate(_ phrase: RelationGrammar.Phrase, at k: Int, length n: Int, previous: Statement? = nil) -> Found? {
        var phrase = phrase
        // Prefix: aux, adverbs, negation, "fail to", "shown to", ", which".
        var j = k - 1
        var negation: String?, hedge: String?
        var copula = false, relative = false
        var nearestAux: String?
        while j >= 0 {
            let x = w[j]
            if x == "to", j > 0, Self.raising.contains(w[j - 1]) || ["fail", "fails", "failed", "unable"].contains(w[j - 1]) {
                if ["fail", "fails", "failed", "unable"].contains(w[j - 1]) { negation = negation ?? w[j - 1] }
                j -= 2
                continue
            }
            // "proved ineffective in enhancing Y": a denial of the -ing verb after it.
            if x == "in" || x == "at", j > 0, w[j - 1] == "ineffective", w[k].hasSuffix("ing") {
                negation = negation ?? "ineffective"
                j -= 2
                if j >= 0, ["proved", "proven", "proves", "prove", "remained", "remains", "remain"].contains(w[j]) { j -= 1 }
                continue
            }
            // "are not necessarily involved in": a hedge, not a denial.
            if x == "not", j + 1 < k, w[j + 1] == "necessarily" {
                hedge = hedge ?? "not necessarily"
                j -= 1
                continue
            }
            if RelationGrammar.isNegation(x) || x == "t" && j > 0 && w[j - 1] == "'" {
                negation = negation ?? (x == "t" ? "n't" : x)
                j -= x == "t" ? 2 : 1
                continue
            }
            if RelationGrammar.aux.contains(x) || RelationGrammar.adverbs.contains(x) || NounPhrases.isAdverb(x)
                || x == "itself" || x == "themselves" {
                if RelationGrammar.aux.contains(x), nearestAux == nil { nearestAux = x }
                if RelationGrammar.copulas.contains(x) { copula = true }
                if x == "which" || x == "that" || x == "who" { relative = true }
                j -= 1
                continue
            }
            break
        }
        if phrase.needsCopula && !copula { return nil }
        // "has been suggested to have a regulatory role": the verb of the phrase is "have", not the copula before it.
        if phrase.needsCopula, let a = nearestAux, ["have", "has", "had", "having"].contains(a) { return nil }
        // "X has no / negligible effect on Y": the determiner of a nominal predicate denies it.
        if let cue = phrase.words.first(where: { RelationGrammar.nominalNegators.contains($0) }) { negation = negation ?? cue }
        // "the membranes were blocked overnight": a passive without its agent states no effect of
        // the subject; "calcium binding motifs": an -ing form inside a compound.
        if copula, n == 1, phrase.words[0].hasSuffix("ed") || ["bound", "driven", "made", "spun"].contains(phrase.words[0]) { return nil }
        // "X inhibits resorption by decreasing Y": a means clause shares the subject of the
        // statement before it.
        if n == 1, phrase.words[0].hasSuffix("ing"), j == k - 1, j >= 0, ["by", "through", "via"].contains(w[j]),
           !phrase.reversed, let previous, !previous.reversed, previous.object.last < tok[j],
           let between = wordIndex(after: previous.object.last), between == j || (between + 1 == j && w[between] == ",") {
            return finish(phrase, at: k, length: n, subject: previous.subject, conjuncts: [], negation: negation, hedge: hedge,
                          relative: false, j: j)
        }
        if n == 1, phrase.words[0].hasSuffix("ing"), j == k - 1 { return nil }
        // "X was generated by PCR": a method in the past tense, not a cause ("determined by" is
        // read as a measurement below).
        if phrase.reversed, [.causes, .determines].contains(phrase.predicate), phrase.words.last == "by", phrase.words.first != "determined",
           (j + 1..<k).contains(where: { w[$0] == "was" || w[$0] == "were" }) { return nil }
        // IS_A from a phrase needs "is": "X is a type of Y", not "types of Y".
        if phrase.predicate == .isA, !copula, !Self.isAWithoutCopula.contains(phrase.words) { return nil }
        // A phrase that starts with a noun ("domain of", "candidates for", "a component of") is
        // inside a noun phrase unless a copula states it: "X is a component of Y".
        if !copula, [.partOf, .usedFor, .isA].contains(phrase.predicate), !Self.isAWithoutCopula.contains(phrase.words),
           !RelationGrammar.verbForms.contains(phrase.words[0]) || NounPhrases.isNounFirst(phrase.words[0]),
           !RelationExtractor.prepositions.contains(phrase.words[0]) {
            return nil
        }
        // "X was determined by LC/MS": a method, not a governing factor; MEASURED_BY when the
        // agent names a technique, else nothing.
        if phrase.predicate == .determines, phrase.reversed, phrase.words.first == "determined",
           (j + 1..<k).contains(where: { w[$0] == "was" || w[$0] == "were" }) {
            guard let o = nounPhraseRight(from: k + n), namesTechnique(o) else { return nil }
            phrase = RelationGrammar.Phrase(words: phrase.words, predicate: .measuredBy, reversed: false)
        }
        // "the trachoma control program": a bare verb right after a singular noun, with no
        // auxiliary between, is a noun inside a compound, not the verb of that noun.
        let bareAfterNoun = n == 1 && j == k - 1 && j >= 0 && RelationGrammar.verbForms.contains(phrase.words[0])
            && !Self.inflected(phrase.words[0]) && Self.isSingularNoun(w[j]) && ctx.tokens[tok[j]].kind == .word
        if relative, j >= 0, w[j] == "," { j -= 1 }
        // "mice have reduced bone": after has/have/had, an -ed effect word is an adjective.
        if n == 1, phrase.words[0].hasSuffix("ed"), j + 1 < k, ["has", "have", "had", "having"].contains(w[j + 1]) { return nil }
        // The finite verb agrees with one noun: "(...) and α-Syn has no homology with" is a clause of its own.
        let verb = j + 1 < k ? w[j + 1] : phrase.words[0]
        let singularVerb = ["is", "was", "has", "does"].contains(verb)
            || (j + 1 == k && verb.hasSuffix("s") && !verb.hasSuffix("ss") && RelationGrammar.verbForms.contains(verb))
        // "the AB strand, even though it has been shown to be X, does not show": the subject is
        // before the interposed subordinate clause.
        // Only before a finite verb ("X, when presented alone, resulted in"; not ", resulting in",
        // whose subject is the clause before) and when the phrase opens its clause.
        // A list of verb phrases after a comma shares the subject too: "increased the strength,
        // decreased the modulus and raised the toughness" (an inflected verb right after the comma).
        // Not a participle before a noun in a list of things ("results in decreased liver function,
        // impaired oxygen handling and steatosis"): the verb must take a determined object.
        if !relative, !phrase.reversed, j > 0, w[j] == ",", j + 1 == k, phrase.words[0].hasSuffix("ed") || phrase.words[0].hasSuffix("s"),
           k + n < w.count, RelationGrammar.determiners.contains(w[k + n]) || ["its", "their", "his", "her"].contains(w[k + n])
            || ctx.tokens[tok[k + n]].kind == .number,
           let previous, !previous.reversed, previous.object.last < tok[j], sharesSubject(previousObjectEnd: previous.object.last, and: j) {
            return finish(phrase, at: k, length: n, subject: previous.subject, conjuncts: [], negation: negation, hedge: hedge,
                          relative: false, j: j)
        }
        var interposed = false
        if !relative, j > 0, w[j] == ",", j + 1 < k || !phrase.words[0].hasSuffix("ing"), let c = interposedClauseStart(before: j) {
            j = c - 1
            interposed = true
        }
        // "the connective tissue that surrounds the growing bone might regulate Y": a restrictive
        // relative clause (no commas) between the subject and its verb; what it names is the
        // relative clause's object, not the subject.
        var restrictive = false
        let verbClauseStart = j >= 0 ? tok[j] : 0
        // Only before a finite verb: a participle right after a noun modifies that noun ("a
        // native function called X", "the forces caused by Y").
        let finite = j + 1 < k || !(phrase.words[0].hasSuffix("ed") || phrase.words[0].hasSuffix("ing")
            || ["known", "called", "termed", "bound", "made", "driven", "found", "shown", "seen"].contains(phrase.words[0]))
        if !relative, !interposed, finite, j >= 0, let antecedent = restrictiveRelativeAntecedent(endingAt: j) {
            j = antecedent
            restrictive = true
        }
        // "X increased A by 19% and did not reduce B": a verb after "and" shares the subject of the
        // sentence's previous statement, when its object ends right before ("and" and numbers between).
        if !relative, !phrase.reversed, j >= 0, w[j] == "and", let previous, !previous.reversed,
           !phrase.words[0].hasSuffix("ing"), previous.object.last < tok[j],
           sharesSubject(previousObjectEnd: previous.object.last, and: j) {
            return finish(phrase, at: k, length: n, subject: previous.subject, conjuncts: [], negation: negation, hedge: hedge,
                          relative: false, j: j)
        }
        // "osteoporosis afflicts the population and can increase skeletal fragility": a verb
        // phrase after "and" / "but" with no subject of its own shares the clause's subject.
        var coordinatedVerb: Phrase?
        if !relative, !restrictive, !interposed, j >= 1, !phrase.words[0].hasSuffix("ing"), j + 1 < k || !phrase.words[0].hasSuffix("ed"),
           let c = coordinatedVerbSubject(at: j, phrase: phrase, k: k), c.last < tok[j] {
            coordinatedVerb = c
        }
        // "inflammation of the lid (chronic conjunctival inflammation), which can lead to": a
        // name in parentheses right before the relative pronoun is its antecedent.
        var inParentheses: Phrase?
        if relative, j > 1, w[j] == ")", let inner = nounPhraseLeft(endingAt: j - 1, maxWords: 5, relative: true),
           let open = wordIndex(before: inner.first), w[open] == "(", !inner.isNew || inner.last > inner.first,
           // "(encoding P3H3)", "(loading vibrational peak)": a gloss or a label, not a name.
           open + 1 < w.count, !w[open + 1].hasSuffix("ing"), !w[open + 1].hasSuffix("ed") {
            inParentheses = inner
        }
        // "utilising elastic recoil to increase the speed": what is used to do something does it.
        var instrument: Phrase?
        // Only effects: "using X to determine Y" measures Y, it does not govern it.
        if !relative, !restrictive, !phrase.reversed, j >= 1, w[j] == "to", j == k - 1,
           [.increases, .decreases, .causes, .regulates, .binds].contains(phrase.predicate),
           let np = nounPhraseLeft(endingAt: j - 1), let f = tok.firstIndex(of: np.first) {
            // The verb of use, before the phrase or read into it ("mechanism utilises elastic recoil").
            var u = f - 1
            while u > 0, RelationGrammar.determiners.contains(w[u]) || NounPhrases.objectLead.contains(w[u]) { u -= 1 }
            // "utilising a different form of elastic recoil": the thing used is the noun after "of".
            if u > 1, w[u] == "of", isNounPhraseWord(u - 1) {
                var o = u - 1
                while o > 0, u - o < 3, isNounPhraseWord(o - 1), !Self.instrumentVerbs.contains(w[o - 1]) { o -= 1 }
                u = o - 1
                while u > 0, RelationGrammar.determiners.contains(w[u]) || NounPhrases.objectLead.contains(w[u]) { u -= 1 }
            }
            var used: Int?
            if u >= 0, Self.instrumentVerbs.contains(w[u]) {
                instrument = np
                used = u
            } else if let inner = (f..<(j - 1)).last(where: { Self.instrumentVerbs.contains(w[$0]) }),
                      let tail = nounPhraseLeft(endingAt: j - 1, maxWords: j - 1 - inner), tail.first > tok[inner] {
                instrument = tail
                used = inner
            }
            // "We used BAM to generate lists": a tool that makes a result is a method, not a cause.
            if let v = used, v > 0, w[v - 1] == "we", phrase.predicate == .causes,
               ["generate", "produce", "create", "obtain", "yield", "make"].contains(phrase.words[0]) {
                instrument = nil
            }
        }
        // "the force clamp is simple as it is formed by two strands": a pronoun subject of a
        // subordinate clause stands for the subject of the sentence's main clause.
        // "it has been a challenge to dissect", "it is likely that": an expletive "it" stands for nothing.
        let expletive = w.indices.contains(j) && w[j] == "it" && phrase.predicate == .isA
            && (k + n..<min(w.count, k + n + 6)).contains { ["to", "that", "whether"].contains(w[$0]) }
        let pronoun = !relative && !restrictive && !expletive && j >= 0 && ["it", "they"].contains(w[j]) ? pronounAntecedent(at: j) : nil
        guard j >= 0, let subject = instrument ?? inParentheses ?? pronoun ?? coordinatedVerb ?? nounPhraseLeft(endingAt: j, relative: relative) else { return nil }
        // "Crosslinking and hydration control Y": coordinated subjects, each related to Y.
        var conjuncts: [Phrase] = []
        if !subjectIsFree(subject, singularVerb: singularVerb) {
            guard !relative, !interposed, !singularVerb, let list = coordinatedSubjects(before: subject) else { return nil }
            conjuncts = list
        }
        if interposed, !opensClause(subject) { return nil }
        if bareAfterNoun, !restrictive, !subject.attached, conjuncts.isEmpty { return nil }
        // ", which accounts for": after a comma the antecedent may be the whole clause; only a
        // named entity (a mention) is taken, and never "the analysis of the interactions that".
        // A plural verb after the pronoun agrees with a plural noun, never with a clause: "tripeptides,
        // which are derived from amino acids".
        let relativePronoun = (j + 1..<min(k, j + 3)).first { ["which", "that", "who"].contains(w[$0]) }
        let pluralAgreement = relative && !subject.attached && isPluralNoun(subject)
            && relativePronoun.map { $0 + 1 < k && ["are", "were", "have"].contains(w[$0 + 1]) } == true
        if relative, subject.isNew, inParentheses == nil, !pluralAgreement, j + 1 < w.count, w[j + 1] == "," || subject.attached {
            return nil
        }
        // "is a major factor that determines Y": the antecedent is a predicate noun, not the cause.
        // "Bones are rigid structures made up of X", "alanine is an uncharged amino acid that can
        // mimic X": the phrase after a copula is a predicate noun; what it relates is the copula's
        // subject, not this noun.
        // "Bones are rigid structures made up of X" says bones are made up of X: the copula's
        // subject takes the predicate noun's place ("osteocalcin is a hormone that regulates Y").
        if isPredicateNoun(subject) {
            guard conjuncts.isEmpty, !interposed, let holder = copulaHolder(of: subject) else { return nil }
            return finish(phrase, at: k, length: n, subject: holder, conjuncts: [], negation: negation, hedge: hedge,
                          relative: relative, j: j)
        }
        // "stimuli that influence bone formation (...) have been observed to provoke": a noun
        // phrase right after a verb is that verb's object.
        // Not for a participle phrase ("counteract skeletal fragility associated with X": a reduced
        // relative on that object).
        let participlePhrase = j + 1 == k && (phrase.words[0].hasSuffix("ed") || Self.inflected(phrase.words[0]) && !phrase.words[0].hasSuffix("s"))
        // "TRBS elements show higher strain values because of X": after a link verb the object is
        // what the cause explains.
        let explainedObject = phrase.reversed && [.causes, .determines].contains(phrase.predicate)
            && ["because", "due", "owing"].contains(phrase.words[0]) && afterLinkVerb(subject)
        if !relative, instrument == nil, !explainedObject, !participlePhrase || afterGerund(subject), followsVerb(subject) { return nil }
        // "fibers align to maximal stress directions generates": the object of a preposition.
        if !relative, inPrepositionalPhrase(subject) { return nil }
        // "the A3 site isolated from bone", "the accuracy of the simulations used in": a participle
        // after "X of Y" says what Y is or comes from, not X.
        if participlePhrase, subject.attached, [.usedFor, .derivedFrom, .composedOf, .partOf, .binds].contains(phrase.predicate) {
            return nil
        }
        // "above a yield stress, which induces": after a comma, an antecedent inside a
        // prepositional phrase is not what the relative clause is about.
        if relative, j + 1 < w.count, w[j + 1] == ",", inPrepositionalPhrase(subject, of: true) { return nil }
        // "proteins reversibly associated with the cell surface": a physical association.
        if phrase.predicate == .correlatesWith,
           (j + 1..<k).contains(where: { ["reversibly", "irreversibly", "covalently", "noncovalently", "physically", "tightly", "stably", "transiently"].contains(w[$0]) }) {
            return nil
        }
        // "trachoma, an eye disease caused by C. trachomatis", "I27, a domain that binds X": what
        // the apposition says of its noun it says of the thing the apposition names.
        let named = conjuncts.isEmpty ? appositionHolder(of: subject) ?? subject : subject
        let distant = restrictive || pronoun != nil || coordinatedVerb != nil
        // A hedge of the clause a coordinated verb joins scopes over it too ("might maintain X
        // and restrict Y"); a denial does not ("is not required for X but generates Y").
        return finish(phrase, at: k, length: n, subject: named, conjuncts: conjuncts, negation: negation, hedge: hedge,
                      relative: relative, j: j, clauseFrom: distant ? verbClauseStart : nil, hedgeOverClause: coordinatedVerb != nil)
    }

    /// The noun phrase an apposition "X, a Y" names, when `p` is its Y (after "a"/"an" and a comma).
    func appositionHolder(of p: Phrase) -> Phrase? {
        guard let a = wordIndex(before: p.first), w[a] == "a" || w[a] == "an", a >= 2, w[a - 1] == "," else { return nil }
        guard !isEventNoun(p), let x = appositionSubject(endingAt: a - 2), isNameLike(x) || opensClause(x) else { return nil }
        let parse = RelationGrammar.Parse(predicate: .isA, reversed: false, negated: false, condition: .none)
        guard RelationExtractor.typesAllow(parse, x.target, p.target, open: true) else { return nil }
        return x
    }

    /// The object after the phrase and the relations to it from the subject (and its conjuncts).
    /// `clauseFrom`: the token where the verb's own clause starts when the subject stands away
    /// from it (only that clause can deny or hedge the statement); `hedgeOverClause`: a hedge
    /// anywhere from the subject on still counts (a verb coordinated with a hedged one).
    func finish(_ phrase: RelationGrammar.Phrase, at k: Int, length n: Int, subject: Phrase, conjuncts: [Phrase],
                negation: String?, hedge: String?, relative: Bool, j: Int, clauseFrom: Int? = nil,
                hedgeOverClause: Bool = false) -> Found? {
        // "X leads to a loss of Y", "X resulted in reduced Y": the effect is a change of Y, X
        // DECREASES / INCREASES Y (not X CAUSES "loss of Y").
        var predicate = phrase.predicate
        var changed: Phrase?
        if !phrase.reversed, [.causes, .contributesTo].contains(phrase.predicate), let (p, o) = changeObject(from: k + n) {
            predicate = p
            changed = o
        }
        // "lowered 6 wt% of the mineral", "obtained from 10 ml of peripheral blood": an amount
        // before "of" measures the object (not for "accounts for 24% of the size").
        var objectStart = k + n
        if [.increases, .decreases, .derivedFrom].contains(predicate), objectStart < w.count,
           ctx.tokens[tok[objectStart]].kind == .number,
           let of = (objectStart + 1..<min(w.count, objectStart + 5)).first(where: { w[$0] == "of" }),
           (objectStart + 1..<of).allSatisfy({ w[$0].count <= 4 || ctx.tokens[tok[$0]].kind != .word }) {
            objectStart = of + 1
        }
        guard var object = changed ?? nounPhraseRight(from: objectStart) else { return nil }
        // "does not decrease the level of CyPB", "increased the expression of osteopontin": an
        // effect on the amount of a known thing is an effect on that thing (as the mention
        // grammar reads "increases the expression of Y").
        if [.increases, .decreases, .regulates].contains(predicate), !phrase.reversed, let inner = quantityInner(object) {
            object = inner
        }
        // "Bone is a hierarchical composite of collagen, mineral and water": a thing that is a
        // mixture of parts is composed of them.
        if predicate == .isA, !phrase.reversed, object.attached, let h = tok.firstIndex(of: object.head),
           Self.mixtureHeads.contains(w[h]), h + 2 < w.count, w[h + 1] == "of", let parts = nounPhraseRight(from: h + 2) {
            predicate = .composedOf
            object = parts
        }
        // "measured by two observers", "confirmed by Smith et al.": a person is no method; the
        // weaker verbs ("observed by", "confirmed by", "identified by") need a named technique.
        if predicate == .measuredBy {
            let head = cache.singular(ctx.tokens[object.head >= 0 ? object.head : object.last].lower)
            if Self.personHeads.contains(head) || object.surface.contains("et al") || looksLikePersonName(object) { return nil }
            // "measured with excitation at 280 nm", "calculated using a cutoff of 10 Å": after
            // with/using/via only a named technique or instrument is the method.
            if Self.weakMeasurementVerbs.contains(phrase.words[0]) || phrase.words.last != "by", !namesTechnique(object) { return nil }
            // "detected by incubating fixed cells": a step, not a method that names itself.
            if let f = tok.firstIndex(of: object.first), w[f].hasSuffix("ing"), object.isNew { return nil }
        }
        // "BRCA1 was chosen for further investigation": a step of the study, not a use.
        if predicate == .usedFor, Self.studySteps.contains(cache.singular(ctx.tokens[object.head >= 0 ? object.head : object.last].lower)) {
            return nil
        }
        // "decreased by a small proportion", "increased by a factor of two": an amount, not an agent.
        if phrase.reversed, phrase.words.last == "by" {
            let head = object.head >= 0 ? object.head : object.last
            let word = cache.singular(cache.normalized(ctx.tokens[head].text))
            // "regulated by heat shock factors" is an agent; "by a factor of two" is not.
            let factorOf = word == "factor" && head + 1 < ctx.tokens.count && ctx.tokens[head + 1].lower == "of"
            if Self.amountHeads.contains(word) || factorOf { return nil }
        }
        let hedgeFrom: Int? = relative ? tok[min(j + 1, w.count - 1)] : nil
        let changedPredicate = predicate
        func read(_ subject: Phrase, _ object: Phrase, _ predicate: RelationPredicate? = nil, denied: Bool = false) -> Relation? {
            let negation = denied ? (negation == nil ? "not" : nil) : negation
            var predicate = predicate ?? changedPredicate
            // "lower growth rates led to increased X": a fall of the subject read off its name
            // ("growth rate") turns the sign: growth rate DECREASES X.
            if subjectFalls(subject) {
                switch predicate {
                case .increases: predicate = .decreases
                case .decreases: predicate = .increases
                case .correlatesWith, .isA, .partOf, .composedOf, .similarTo, .measuredBy: break
                // "Decreased modification of X resulted in faster migration": a cause with its
                // sign turned cannot be said with CAUSES.
                default: return nil
                }
            }
            let (src, tgt) = phrase.reversed ? (object, subject) : (subject, object)
            let parse = RelationGrammar.Parse(predicate: predicate, reversed: phrase.reversed, negated: negation != nil,
                                              condition: phrase.condition)
            guard RelationExtractor.typesAllow(parse, src.target, tgt.target, open: true) else { return nil }
            return relation(predicate, src, tgt, subject: subject, object: object, negation: negation,
                            hedgeFrom: hedgeOverClause ? nil : clauseFrom ?? hedgeFrom, hedge: hedge, clauseFrom: clauseFrom)
        }
        guard let main = read(subject, object) else { return nil }
        // "increases the stiffness and the toughness", "a composite of collagen, mineral and
        // water": each coordinated object takes the relation too.
        let changes = !phrase.reversed && [.causes, .contributesTo].contains(phrase.predicate)
        let preposition = phrase.words.last.flatMap { RelationExtractor.prepositions.contains($0) ? $0 : nil }
        // After "a loss of A", a plain "and B" may be a second thing lost or a second effect: left out.
        let objects = [(object, predicate, false)] + coordinatedObjects(after: object, changes: changes, preposition: preposition)
            .filter { changed == nil || $0.predicate != nil }.map { ($0.phrase, $0.predicate ?? predicate, $0.negated) }
        var found = Found(relation: main, subject: subject, object: object, lastObject: objects.count > 1 ? objects.last?.0 : nil)
        for s in [subject] + conjuncts {
            for (o, p, denied) in objects where !(s == subject && o == object) {
                if let r = read(s, o, p, denied: denied) { found.conjuncts.append((r, s, o)) }
            }
        }
        return found
    }

    /// The noun phrases that "and"/"or" (after commas for a longer list) join to an object: "the
    /// stiffness and the toughness", "collagen, hydroxyapatite (HAp) and water". None when the
    /// object has an attachment ("the stiffness of tendon and bone" joins inside it), when the
    /// list never closes with "and"/"or" (", a property that": an apposition), or for a phrase
    /// followed by a verb of its own ("increases A and B decreases C": a new clause).
    /// `changes`: a conjunct naming a change ("and a reduction in adhesion") gives its own
    /// predicate (DECREASES adhesion), as the first object does.
    func coordinatedObjects(after object: Phrase, changes: Bool, preposition: String? = nil) -> [Conjunct] {
        guard !object.attached else { return [] }
        var out: [Conjunct] = [], closed = false, repeated = false
        var last = object.last
        while out.count < 6, !closed, var p = wordIndex(after: last) {
            // "carbonated hydroxyapatite (HAp)": an abbreviation in brackets after a conjunct.
            if w[p] == "(", let c = (p + 1..<min(w.count, p + 8)).first(where: { w[$0] == ")" }), c + 1 < w.count { p = c + 1 }
            var comma = false
            if w[p] == "," { p += 1; comma = true }
            guard p < w.count else { break }
            if ["and", "or"].contains(w[p]) {
                // "controlled by X and by Y": the phrase's preposition repeated.
                let again = preposition != nil && p + 1 < w.count && w[p + 1] == preposition
                // "assemble into fibrils, and plate-shaped crystals ... nucleate": ", and" after a
                // single object joins clauses, not list items (a list has a comma item before it).
                if comma, out.isEmpty, !again { return [] }
                closed = true; p += 1
                if again { p += 1; repeated = true }
            } else if !comma { break }
            // "induced X and repressed Y", "used for maintaining and manipulating worms", "and also
            // coat the fibrils": a verb, gerund or adverb after "and" opens a verb phrase of its own.
            let inName = p < w.count && ctx.mentions.contains { $0.target.source == .lexicon && $0.firstToken <= tok[p] && $0.lastToken >= tok[p] }
            guard p < w.count, !RelationGrammar.verbForms.contains(w[p]), !NounPhrases.verbs.contains(w[p]),
                  !Self.clauseAdverbs.contains(w[p]), !NounPhrases.isAdverb(w[p]), !w[p].hasSuffix("ing") || inName
            else { return [] }
            let change = changes ? changeObject(from: p) : nil
            guard let c = change?.1 ?? nounPhraseRight(from: p) else { return [] }
            let next = wordIndex(after: c.last)
            // "and belongs to the subgroup", "and circulates in plasma", "and starts producing": a
            // verb, not a noun.
            if c.isNew, c.first == c.last, let n = next, w[n] == "to" || (w[p].hasSuffix("s") && (w[n].hasSuffix("ing")
                || RelationExtractor.prepositions.contains(w[n]) || RelationGrammar.determiners.contains(w[n]))) {
                return []
            }
            // "and slows swelling": a plural-looking first word before another noun is a verb
            // (a plural noun seldom modifies a noun).
            if c.isNew, c.last > c.first, !inName, looksLikeThirdPerson(p) { return [] }
            // The conjunct is the subject of a verb of its own: a new clause, not a list
            // ("and ectopic c-Fos partially overcomes", "and other proteins seems to"), or it
            // opens a coordination of its own ("controls X, and crack deflection and bridging control Y").
            if let n = next, Self.finiteAux.contains(w[n]) || NounPhrases.modals.contains(w[n]) || NounPhrases.isAdverb(w[n])
                || NounPhrases.verbs.contains(w[n]) || Self.raising.contains(w[n])
                || (RelationGrammar.verbForms.contains(w[n]) && !w[n].hasSuffix("ing") && !w[n].hasSuffix("ed"))
                || (closed && ["and", "or"].contains(w[n])) {
                return []
            }
            // "and plate-shaped crystals of HAp, 2–4 nm thick, are deposited": a finite verb
            // later in the same clause makes the last conjunct a subject.
            if closed, let n = next, finiteVerbAhead(from: n) { return [] }
            out.append(Conjunct(phrase: c, predicate: change?.0))
            last = c.last
            // "by crack deflection at cement lines, not by ...": the attachment of a repeated-
            // preposition item is skipped.
            if repeated, let n = next, n + 1 < w.count, RelationExtractor.prepositions.contains(w[n]), w[n] != preposition,
               let pp = nounPhraseRight(from: n + 1) {
                last = pp.last
            }
        }
        if !closed { out = [] }
        // "increases A but not B", "controlled by X and by Y, not by Z": a denied conjunct.
        if var p = wordIndex(after: last) {
            if w[p] == "," { p += 1 }
            if p < w.count, ["but", "and"].contains(w[p]) { p += 1 }
            if p + 1 < w.count, w[p] == "not", !["only", "just", "merely", "necessarily", "always"].contains(w[p + 1]) {
                p += 1
                if let prep = preposition, p < w.count, w[p] == prep { p += 1 }
                if p < w.count, !RelationGrammar.verbForms.contains(w[p]), !NounPhrases.verbs.contains(w[p]), !w[p].hasSuffix("ing"),
                   let c = nounPhraseRight(from: p) {
                    let next = wordIndex(after: c.last)
                    let verbAfter = next.map { Self.finiteAux.contains(w[$0]) || NounPhrases.modals.contains(w[$0])
                        || (RelationGrammar.verbForms.contains(w[$0]) && !w[$0].hasSuffix("ing") && !w[$0].hasSuffix("ed")) } == true
                    if !verbAfter { out.append(Conjunct(phrase: c, predicate: nil, negated: true)) }
                }
            }
        }
        return out
    }

    /// A coordinated object: its phrase, its own predicate when it names a change ("and a
    /// reduction in Y"), and whether it is denied ("but not Y").
    struct Conjunct {
        var phrase: Phrase
        var predicate: RelationPredicate?
        var negated = false
    }

    /// Whether only "and" (with a comma, numbers, units or "by N%") stands between the previous
    /// statement's object and word `j` ("and"): "increased the strength by 19% and did not reduce".
    func sharesSubject(previousObjectEnd end: Int, and j: Int) -> Bool {
        guard let first = wordIndex(after: end) else { return false }
        var p = first
        while p < j {
            let t = ctx.tokens[tok[p]]
            if t.kind == .number || ["by", ",", "%", "fold", "about", "approximately", "nearly", "almost", "up", "to"].contains(w[p])
                || (p > first && ctx.tokens[tok[p - 1]].kind == .number && t.kind == .word && w[p].count <= 4) {
                p += 1
                continue
            }
            return false
        }
        return true
    }

    /// The conjuncts before a subject that "and"/"or" joins to it ("crosslinking and hydration",
    /// "A, B and C"), the first opening its clause; nil when they cannot all be read.
    func coordinatedSubjects(before subject: Phrase) -> [Phrase]? {
        guard let b0 = wordIndex(before: subject.first), ["and", "or"].contains(w[b0]) else { return nil }
        var out: [Phrase] = []
        var e = b0 - 1
        if e >= 0, w[e] == "," { e -= 1 }
        while e >= 0, out.count < 4 {
            // "the self-association of peptides and proteins", "restoring α and NFATnx": an "and"
            // inside an attachment or after a gerund joins objects, not subjects.
            guard let c = nounPhraseLeft(endingAt: e, maxWords: 5), !c.attached else { return nil }
            out.insert(c, at: 0)
            guard let b = wordIndex(before: c.first), w[b] == "," else { break }
            e = b - 1
        }
        guard !subject.attached, let first = out.first, opensClause(first), subjectIsFree(first) else { return nil }
        if let f = tok.firstIndex(where: { $0 >= first.first }), w[f].hasSuffix("ing"),
           !ctx.mentions.contains(where: { $0.target.source == .lexicon && $0.firstToken <= tok[f] && $0.lastToken >= tok[f] }) {
            return nil
        }
        // Lone adjectives ("dry and wet samples") share the subject's head: no conjuncts of their own.
        if out.contains(where: { $0.isNew && $0.first == $0.last && (NounPhrases.isLoneModifier(ctx.tokens[$0.first]) || subject.last > subject.first) }) {
            return nil
        }
        return out
    }

    /// Auxiliaries and copulas that make a clause finite (`RelationGrammar.aux` without its
    /// pronouns and adverbs).
    static let finiteAux: Set<String> = RelationGrammar.aux.subtracting(["which", "that", "then", "both", "also"])

    /// Adverbs that, right after "and", open a verb phrase ("and also coat the fibrils").
    static let clauseAdverbs: Set<String> = ["also", "then", "thus", "therefore", "hence", "thereby", "subsequently", "later", "finally", "still"]

    /// Whether word `p` has the shape of a third-person verb: lower case, ending in "s" (not
    /// "ss", "us", "is"), not a table noun.
    func looksLikeThirdPerson(_ p: Int) -> Bool {
        let x = w[p]
        guard x.count > 3, x.hasSuffix("s"), !x.hasSuffix("ss"), !x.hasSuffix("us"), !x.hasSuffix("is"), !isSymbol(p) else { return false }
        return ctx.tokens[tok[p]].text.unicodeScalars.first.map { $0.properties.isLowercase } == true
    }

    /// Whether an auxiliary, modal or third-person verb of the table follows word `n` in its
    /// clause (up to 12 words, brackets skipped; a comma, a relative pronoun, "but", ";" or the
    /// end of the sentence closes it).
    func finiteVerbAhead(from n: Int) -> Bool {
        var q = n, seen = 0, depth = 0
        while q < w.count, seen < 12 {
            let x = w[q]
            if x == "(" || x == "[" { depth += 1 } else if x == ")" || x == "]" { depth = max(0, depth - 1) }
            else if depth == 0 {
                // A comma ends the look: after it may come the next clause (", and it controls",
                // "both GM1 and glycoprotein receptors, GM1 is").
                if [".", ",", ";", ":", "which", "that", "who", "whose", "where", "whereas", "while", "but", "although"].contains(x) { return false }
                if Self.finiteAux.contains(x) || NounPhrases.modals.contains(x)
                    || (RelationGrammar.verbForms.contains(x) && x.hasSuffix("s") && !x.hasSuffix("ss")) { return true }
            }
            q += 1; seen += 1
        }
        return false
    }

    /// Whether a phrase names a technique or instrument: its head is a method word
    /// ("microscopy", "nanoindentation", "assay") or it is an acronym ("SAXS", "LC/MS", "qPCR").
    func namesTechnique(_ p: Phrase) -> Bool {
        let headToken = ctx.tokens[p.head >= 0 ? p.head : p.last]
        let head = cache.singular(headToken.lower)
        if Self.techniqueHeads.contains(head) || Self.techniqueSuffixes.contains(where: { head.hasSuffix($0) }) { return true }
        let letters = headToken.text.unicodeScalars.filter { $0.properties.isAlphabetic }
        return letters.count >= 2 && letters.filter { $0.properties.isUppercase }.count >= 2
    }
    static let techniqueHeads: Set<String> = [
        "microscopy", "microscope", "spectroscopy", "spectrometry", "spectrometer", "diffraction", "scattering",
        "indentation", "nanoindentation", "test", "testing", "assay", "analysis", "chromatography", "tomography",
        "imaging", "staining", "stain", "blot", "blotting", "bending", "compression", "tension", "calorimetry",
        "rheometry", "rheology", "rheometer", "titration", "sequencing", "cytometry", "densitometry", "profilometry",
        "method", "technique", "apparatus", "instrument", "simulation", "model", "equation", "sensor", "probe",
        "camera", "gauge", "extensometer", "tester", "indenter", "ultrasound", "radiography", "histology",
        "histomorphometry", "immunohistochemistry", "immunofluorescence", "immunostaining", "electrophoresis",
        "pcr", "elisa", "interferometry", "ellipsometry", "porosimetry", "thermogravimetry", "fluorescence",
        "software", "algorithm", "program", "protocol", "kit", "reader", "counter", "scanner", "scan", "measurement",
        "machine", "biosensor", "qpcr", "reaction", "hybridization", "analyzer", "analyser", "system",
        "detector", "workstation", "station", "platform", "package", "toolbox", "library", "database", "server",
        "absorbance", "absorption", "entropy", "regression", "statistics", "antibody", "antiserum", "substrate",
        "dye", "marker", "lectin", "streptavidin", "beam", "laser",
    ]
    static let techniqueSuffixes = ["scopy", "metry", "graphy", "meter", "scope"]
    static let personHeads: Set<String> = [
        "investigator", "author", "observer", "reviewer", "pathologist", "rater", "physician", "surgeon", "technician",
        "operator", "participant", "patient", "clinician", "nurse", "examiner", "assessor", "radiologist", "researcher",
        "we", "group", "team", "colleague", "editor", "referee", "board", "committee", "panel",
    ]
    static let weakMeasurementVerbs: Set<String> = [
        "observed", "confirmed", "verified", "identified", "tested", "examined", "recorded", "evaluated", "assessed",
    ]

    /// "Michael Marletta", "Vivek Malhotra": two or three capitalised words, none an acronym or
    /// a known entity, name a person.
    func looksLikePersonName(_ p: Phrase) -> Bool {
        guard p.isNew else { return false }
        let words = ctx.tokens[p.first...p.last].filter { $0.kind == .word }
        guard (2...3).contains(words.count) else { return false }
        return words.allSatisfy { t in
            let sc = Array(t.text.unicodeScalars)
            return sc.count >= 2 && sc[0].properties.isUppercase && sc.dropFirst().allSatisfy { $0.properties.isLowercase }
        }
    }

    /// Heads that name an amount or an activity of what follows "of" ("the level of CyPB"): the
    /// mention grammar's quantity nouns, less those that name a property or a process of their own
    /// ("the stability of", "the rate of", "the formation of").
    static let quantityHeads: Set<String> = RelationGrammar.quantityNouns.subtracting(
        ["number", "stability", "formation", "function", "deposition", "rate"])

    /// The known entity a phrase "the level of X" names the amount of: X when it is a mention
    /// (a new noun phrase keeps its wrapper, which says more than an unknown X alone).
    func quantityInner(_ object: Phrase) -> Phrase? {
        guard object.attached, let h = tok.firstIndex(of: object.head), Self.quantityHeads.contains(w[h]),
              h + 2 < w.count, w[h + 1] == "of", let inner = nounPhraseRight(from: h + 2), !inner.isNew,
              inner.last <= object.last else { return nil }
        return inner
    }

    /// Heads of a predicate noun that name a mixture of what follows "of" ("a composite of X").
    static let mixtureHeads: Set<String> = [
        "composite", "composites", "mixture", "mixtures", "blend", "blends", "hybrid", "hybrids", "assembly",
        "assemblies", "assemblage", "aggregate", "aggregates", "conglomerate", "laminate", "laminates",
    ]

    /// Steps of a study that a thing is chosen for, not uses of it.
    static let studySteps: Set<String> = [
        "investigation", "study", "analysis", "examination", "evaluation", "assessment", "consideration", "inclusion",
        "comparison", "validation", "follow-up", "followup", "review", "discussion",
    ]

    /// Heads of amounts ("by a small proportion", "by a factor of 2").
    static let amountHeads: Set<String> = [
        "proportion", "amount", "percentage", "percent", "fraction", "half", "third", "quarter", "margin",
        "order", "degree", "extent", "magnitude", "fold",
    ]

    /// Nouns that name a fall or a rise of what follows "of"/"in".
    static let decreaseNouns: Set<String> = [
        "loss", "losses", "decrease", "decreases", "reduction", "reductions", "decline", "declines", "drop", "drops",
        "fall", "impairment", "deterioration", "weakening", "lowering", "diminution", "attenuation", "suppression",
        "inhibition", "downregulation",
    ]
    static let increaseNouns: Set<String> = [
        "increase", "increases", "rise", "rises", "gain", "gains", "enhancement", "elevation", "improvement",
        "improvements", "upregulation", "augmentation", "strengthening", "stiffening",
    ]
    /// Participles that, before a noun, name a fall or a rise of it ("reduced bone strength").
    static let decreaseParticiples: Set<String> = [
        "reduced", "decreased", "lowered", "diminished", "impaired", "attenuated", "suppressed", "weakened", "lower",
        "less", "poorer", "weaker",
    ]
    static let increaseParticiples: Set<String> = [
        "increased", "enhanced", "elevated", "improved", "augmented", "higher", "greater", "stronger", "stiffer",
    ]
    /// Degree words allowed between the article and the change noun ("a significant loss of").
    static let changeDegree: Set<String> = [
        "significant", "marked", "dramatic", "substantial", "strong", "slight", "small", "large", "major", "modest",
        "considerable", "sharp", "steep", "rapid", "gradual", "progressive", "further", "overall", "general", "clear",
        "pronounced", "notable", "severe", "moderate", "dose", "dependent", "concomitant", "corresponding", "net",
        "measurable", "detectable", "statistically",
    ]

    /// Whether the phrase opens with a word of decrease ("lower", "reduced") that its entity's
    /// name leaves out: the phrase names a fall of that entity.
    func subjectFalls(_ subject: Phrase) -> Bool {
        guard let i = tok.firstIndex(where: { $0 >= subject.first }), i < w.count else { return false }
        // The word may open the phrase or stand right before it (an adjective the reader left out).
        for j in [i, i - 1] where j >= 0 && (j == i || tok[j] == subject.first - 1) {
            let word = w[j]
            guard Self.decreaseParticiples.contains(word) else { continue }
            // Attributive only: at the clause's start or after a determiner, preposition or
            // conjunction ("aging significantly decreased Ca2+-induced X": there it is the verb).
            if j > 0 {
                let before = w[j - 1]
                guard ctx.tokens[tok[j - 1]].kind == .punct || RelationGrammar.determiners.contains(before)
                    || RelationExtractor.prepositions.contains(before) || ["and", "or", "that", "whereas", "while"].contains(before)
                else { return false }
            }
            return !subject.target.key.hasPrefix(word + " ") && subject.target.key != word
        }
        return false
    }

    /// The object of a causal phrase that names a change of a thing: "a (significant) loss of Y",
    /// "an increase in Y", "reduced Y" give DECREASES/INCREASES and Y.
    func changeObject(from s: Int) -> (RelationPredicate, Phrase)? {
        var p = s
        while p < w.count, p - s < 2, ["a", "an", "the"].contains(w[p]) || NounPhrases.isAdverb(w[p]) { p += 1 }
        // "reduced bone strength", "increased mineralization": a participle right before the noun.
        if p < w.count, Self.decreaseParticiples.contains(w[p]) || Self.increaseParticiples.contains(w[p]) {
            let predicate: RelationPredicate = Self.decreaseParticiples.contains(w[p]) ? .decreases : .increases
            guard p + 1 < w.count, ctx.tokens[tok[p + 1]].kind == .word, !["than", "to", "in", "of", "by", "and", "or"].contains(w[p + 1]),
                  let o = nounPhraseRight(from: p + 1, skipDeterminers: false) else { return nil }
            // "higher than", "greater numbers of": a comparison or a quantity, not a change.
            if let next = wordIndex(after: o.last), w[next] == "than" { return nil }
            if ["number", "numbers", "amount", "amounts", "level", "levels", "extent", "degree", "variety"].contains(w[p + 1]),
               p + 2 < w.count, w[p + 2] == "of" {
                guard let inner = nounPhraseRight(from: p + 3) else { return nil }
                return (predicate, inner)
            }
            return (predicate, o)
        }
        var degree = 0
        while p < w.count, degree < 3, Self.changeDegree.contains(w[p]) || ctx.tokens[tok[p]].kind == .number
                || (p + 1 < w.count && w[p + 1] == "fold") || w[p] == "fold" { p += 1; degree += 1 }
        guard p + 2 < w.count else { return nil }
        let predicate: RelationPredicate
        if Self.decreaseNouns.contains(w[p]) { predicate = .decreases }
        else if Self.increaseNouns.contains(w[p]) { predicate = .increases }
        else { return nil }
        guard ["of", "in"].contains(w[p + 1]), let inner = nounPhraseRight(from: p + 2) else { return nil }
        return (predicate, inner)
    }

    /// The relation with its polarity: negated by the prefix or a cue between the two phrases
    /// ("X does not increase Y", "X has no effect on Y"; cues inside either phrase, "the absence of
    /// X", belong to the phrase), else hedged by a hedge of its clause from `hedgeFrom` on.
    func relation(_ p: RelationPredicate, _ src: Phrase, _ tgt: Phrase, subject: Phrase, object: Phrase, negation: String?,
                  hedgeFrom: Int? = nil, hedge: String? = nil, clauseFrom: Int? = nil) -> Relation {
        var (a, b) = (src.target.key, tgt.target.key)
        if p == .correlatesWith, a > b { swap(&a, &b) }
        // A subject found away from its verb ("X is not required for Y but generates Z", "as it
        // is formed by"): only the verb's own clause, from `clauseFrom` on, can deny it.
        let from = max(subject.last + 1, clauseFrom ?? 0)
        let between = from < object.first ? scopes.negation(in: from..<object.first) : nil
        // A relative clause is hedged only by cues from its pronoun on ("X might occur owing to
        // the factors that caused Y": the relative clause is asserted).
        let hedged = hedge ?? scopes.hedge(from: hedgeFrom ?? subject.first, to: object.last, onlyAfter: hedgeFrom)
        var (polarity, cue): (Polarity, String?) = (negation ?? between).map { (.negated, $0) }
            ?? hedged.map { (.hedged, $0) } ?? (.asserted, nil)
        // "the null hypothesis that aging does not degrade X (was rejected)": a hypothesis, not a denial.
        if polarity == .negated, let h = hedged,
           ["hypothesis", "hypothesize", "hypothesized", "hypothesise", "hypothesised", "assume", "assumed", "assumes", "assuming"].contains(h) {
            (polarity, cue) = (.hedged, h)
        }
        return Relation(source: a, predicate: p, target: b, polarity: polarity, cue: cue,
                        trigger: ctx.between(subject.last, object.first), evidence: ctx.evidence)
    }

    /// "Amyloids are highly organized protein aggregates": subject, copula, a plural noun phrase
    /// without an article that no preposition follows.
    func copulaIsA(at k: Int) -> (Relation, Phrase, Phrase)? {
        guard ["is", "are", "was", "were"].contains(w[k]), k > 0, k + 1 < w.count else { return nil }
        var s = k + 1
        var negation: String?
        while s < w.count, RelationGrammar.adverbs.contains(w[s]) || NounPhrases.isAdverb(w[s]) || w[s] == "not" {
            if w[s] == "not" { negation = "not" }
            s += 1
        }
        guard s < w.count, !RelationGrammar.determiners.contains(w[s]), let object = nounPhraseRight(from: s, skipDeterminers: false),
              let subject = nounPhraseLeft(endingAt: k - 1), subjectIsFree(subject) else { return nil }
        let head = ctx.tokens[object.head].lower
        guard head.hasSuffix("s"), !head.hasSuffix("ss"), !head.hasSuffix("us"), !head.hasSuffix("is"),
              NounPhraseMiner.isNominalHead(head, cache: cache) || !object.isNew else { return nil }
        if let next = wordIndex(after: object.last), ["than", "to", "for", "by", "from", "in", "on", "at", "as", "with", "into"].contains(w[next]) {
            return nil
        }
        let parse = RelationGrammar.Parse(predicate: .isA, reversed: false, negated: negation != nil, condition: .none)
        guard RelationExtractor.typesAllow(parse, subject.target, object.target, open: true) else { return nil }
        return (relation(.isA, subject, object, subject: subject, object: object, negation: negation), subject, object)
    }

    /// "drosocrystallin, a peritrophic matrix protein, ...": X IS_A Y.
    func apposition(at k: Int) -> (Relation, Phrase, Phrase)? {
        guard let (subject, object) = appositionPair(at: k) else { return nil }
        // "a generator, a detector, and a goniometer": items of a list, not an apposition.
        if let before = wordIndex(before: subject.first), w[before] == "a" || w[before] == "an" { return nil }
        if let next = wordIndex(after: object.last), w[next] == ",", next + 1 < w.count, ["and", "or", "a", "an"].contains(w[next + 1]) {
            return nil
        }
        let head = ctx.tokens[object.head].lower
        guard NounPhraseMiner.isNominalHead(head, cache: cache) || !object.isNew else { return nil }
        let parse = RelationGrammar.Parse(predicate: .isA, reversed: false, negated: false, condition: .none)
        guard RelationExtractor.typesAllow(parse, subject.target, object.target, open: true) else { return nil }
        return (relation(.isA, subject, object, subject: subject, object: object, negation: nil), subject, object)
    }

    /// The two phrases of an apposition "X, a Y" at the comma `k` (X may be the object of a
    /// preposition: "we studied the fold of I27, a titin domain"), and where Y ends.
    func appositionPair(at k: Int) -> (Phrase, Phrase)? {
        guard w[k] == ",", k > 0, k + 2 < w.count, w[k + 1] == "a" || w[k + 1] == "an",
              let subject = appositionSubject(endingAt: k - 1), let object = nounPhraseRight(from: k + 2),
              let next = wordIndex(after: object.last) else { return nil }
        // "cells, a pronounced advancement", "with cBIN1, an interaction that": an event or a
        // judgement of the clause before, not a class of the noun.
        if isEventNoun(object) { return nil }
        // What follows Y ends the apposition: punctuation, a relative pronoun, a participle with
        // its preposition ("caused by", "found in"), or "and" before something other than an article.
        let x = w[next], after = next + 1 < w.count ? w[next + 1] : ""
        let ends = [",", ".", ")", ";", "that", "which", "encoded", "secreted", "expressed"].contains(x)
            || (x.count > 4 && x.hasSuffix("ed") && ["by", "in", "from", "at", "with", "to", "on"].contains(after))
            || (x == "and" && !["a", "an", "the"].contains(after))
        return ends ? (subject, object) : nil
    }

    /// The X of an apposition "X, a Y" ending at word `e`: a free noun phrase, or a name-like one
    /// inside a prepositional phrase that does not open the sentence ("we studied I27, a domain";
    /// not "In addition to the PRISMA Statement, a document was produced"). Never one item of a
    /// list of articles ("a generator, a detector, and") nor a phrase with an attachment.
    func appositionSubject(endingAt e: Int) -> Phrase? {
        var x = nounPhraseLeft(endingAt: e, maxWords: 4)
        if x == nil, let y = nounPhraseLeft(endingAt: e, maxWords: 4, relative: true), isNameLike(y, symbolOnly: true) {
            var q = (tok.firstIndex(of: y.first) ?? 0) - 1
            while q >= 0, RelationGrammar.determiners.contains(w[q]) || NounPhrases.objectLead.contains(w[q]) { q -= 1 }
            let opens = q >= 0 && RelationExtractor.prepositions.contains(w[q]) && (q == 0 || [",", ";", ":"].contains(w[q - 1]))
            if !opens { x = y }
        }
        // "the unfolding of I27, an IG domain": the apposition names the noun after "of".
        // Only after a nominalised verb ("unfolding", "expression", "deletion", "analysis"): in
        // "the telopeptide of type 1 collagen (CTX), a biomarker" the apposition names the whole.
        if let y = x, y.attached, let f = tok.firstIndex(of: y.first), let l = tok.firstIndex(of: y.last),
           let a = (f...l).last(where: { ["of", "in"].contains(w[$0]) }), a > f,
           ["ing", "tion", "sion", "ment", "sis", "ance", "ence"].contains(where: { w[a - 1].hasSuffix($0) }) {
            var b = a + 1
            while b < l, RelationGrammar.determiners.contains(w[b]) { b += 1 }
            x = phrase(first: tok[b], last: y.last, head: y.head, attached: false).flatMap { isNameLike($0) ? $0 : nil }
        }
        guard let x, !x.attached else { return nil }
        // "this included KEAP1, an ...", "deleted Ndufs3, a subunit": a verb before the name.
        if x.last > x.first, let f = tok.firstIndex(of: x.first), w[f].hasSuffix("ed"), x.isNew { return nil }
        if let b = wordIndex(before: x.first), ["a", "an"].contains(w[b]) { return nil }
        return x
    }

    /// Nouns that name an event, a step or a judgement rather than a class of things.
    static let eventHeads: Set<String> = [
        "interaction", "advancement", "advance", "combination", "process", "event", "effect", "observation", "finding",
        "result", "phenomenon", "step", "increase", "decrease", "change", "approach", "strategy", "method", "feature",
        "consequence", "situation", "difference", "reduction", "improvement", "trend", "pattern", "outcome",
        "possibility", "hypothesis", "idea", "notion", "view", "concept", "total", "number", "value", "fraction",
    ]

    /// The phrase's head names an event or a judgement ("an interaction", "a twisting of").
    func isEventNoun(_ p: Phrase) -> Bool {
        let head = cache.singular(ctx.tokens[p.head >= 0 ? p.head : p.last].lower)
        return Self.eventHeads.contains(head) || (head.count > 5 && head.hasSuffix("ing"))
    }

    /// A phrase that names a particular thing: an entity the paper already names (lexicon,
    /// keyword, abbreviation, recurring phrase), or a written symbol with a capital past its
    /// first letter, a digit or a lone capital ("I27", "AprA", "S. aureus"; "kcat/Km" is not).
    /// `symbolOnly`: only a written symbol counts ("involved in protein glycosylation, a
    /// glycosyltransferase": the apposition is about the sentence's subject, not that term).
    func isNameLike(_ p: Phrase, symbolOnly: Bool = false) -> Bool {
        if !p.isNew, !symbolOnly { return true }
        return tok.indices.contains { r in
            guard tok[r] >= p.first, tok[r] <= p.last else { return false }
            let t = ctx.tokens[tok[r]]
            return isSymbol(r) || (t.kind == .word && t.text.unicodeScalars.count == 1 && t.text.unicodeScalars.first!.properties.isUppercase)
        }
    }

    /// Heads of a part ("an IG domain of titin", "a subunit of the complex").
    static let partHeads: Set<String> = [
        "domain", "subunit", "component", "constituent", "fragment", "region", "segment", "module", "motif",
        "residue", "chain", "portion", "moiety", "layer", "compartment", "organelle",
    ]

    /// "I27, an IG domain of titin", "I27 is an IG domain of titin": X PART_OF Z beside the IS_A.
    func partOfHolder(at k: Int) -> (Relation, Phrase, Phrase)? {
        let pair: (Phrase, Phrase)?
        if w[k] == "," { pair = appositionPair(at: k) }
        else if ["is", "was"].contains(w[k]), k > 0, k + 2 < w.count, w[k + 1] == "a" || w[k + 1] == "an",
                let s = nounPhraseLeft(endingAt: k - 1, maxWords: 4), subjectIsFree(s, singularVerb: true),
                let o = nounPhraseRight(from: k + 2) { pair = (s, o) }
        else { pair = nil }
        guard let (subject, object) = pair, object.attached, object.head >= 0,
              Self.partHeads.contains(cache.singular(ctx.tokens[object.head].lower)),
              let h = tok.firstIndex(of: object.head), h + 1 < w.count, w[h + 1] == "of",
              let whole = nounPhraseRight(from: h + 2), whole.last == object.last else { return nil }
        let parse = RelationGrammar.Parse(predicate: .partOf, reversed: false, negated: false, condition: .none)
        guard RelationExtractor.typesAllow(parse, subject.target, whole.target, open: true) else { return nil }
        return (relation(.partOf, subject, whole, subject: subject, object: whole, negation: nil), subject, whole)
    }

    /// "Mineral content and toughness were not correlated": the reciprocal X CORRELATES_WITH Y
    /// of two coordinated subjects ("uncorrelated" denies it; "may be correlated" hedges it).
    func reciprocalCorrelation(at k: Int) -> (Relation, Phrase, Phrase)? {
        guard ["correlated", "intercorrelated", "anticorrelated", "uncorrelated"].contains(w[k]) else { return nil }
        // "correlated with/to Y" is the table's.
        if k + 1 < w.count, ["with", "to"].contains(w[k + 1]) { return nil }
        var negation: String? = w[k] == "uncorrelated" ? "uncorrelated" : nil
        var hedge: String?
        var copula = false
        var j = k - 1
        while j >= 0 {
            let x = w[j]
            if RelationGrammar.isNegation(x) { negation = negation ?? x }
            else if RelationGrammar.copulas.contains(x) { copula = true }
            else if ["may", "might", "could"].contains(x) { hedge = hedge ?? x }
            else if !(RelationGrammar.aux.contains(x) || RelationGrammar.adverbs.contains(x) || NounPhrases.isAdverb(x)) { break }
            j -= 1
        }
        guard copula, j >= 0, let second = nounPhraseLeft(endingAt: j), let list = coordinatedSubjects(before: second),
              list.count == 1, let first = list.first else { return nil }
        let parse = RelationGrammar.Parse(predicate: .correlatesWith, reversed: false, negated: negation != nil, condition: .none)
        guard RelationExtractor.typesAllow(parse, first.target, second.target, open: true) else { return nil }
        return (relation(.correlatesWith, first, second, subject: first, object: second, negation: negation, hedge: hedge), first, second)
    }

    /// "There was a strong correlation between X and Y", "The association between X and Y
    /// suggests", "no correlation between X and Y" (negated): X CORRELATES_WITH Y. Only a stated
    /// finding: "we examined the relationship between X and Y" names a question studied.
    func nominalCorrelation(at k: Int) -> (Relation, Phrase, Phrase)? {
        guard Self.correlationNouns.contains(w[k]), k + 2 < w.count, w[k + 1] == "between" else { return nil }
        // Degree words and the determiner before the noun.
        var d = k - 1
        while d >= 0, Self.correlationDegree.contains(w[d]) || NounPhrases.isAdverb(w[d]) { d -= 1 }
        guard d >= 0 else { return nil }
        var negation: String?
        if w[d] == "no" { negation = "no" }
        else if d >= 2, ["lack", "absence"].contains(w[d - 1]) && w[d] == "of" || ["lack", "absence"].contains(w[d - 2]) && w[d - 1] == "of" {
            negation = w[d] == "of" ? w[d - 1] : w[d - 2]
        } else if d >= 1, ["a", "an", "any"].contains(w[d]) {
            // "did not observe a correlation", "do not see any close correlation": a denied finding
            // (the negation governs the verb of finding right before the noun phrase).
            if Self.findingVerbs.contains(w[d - 1]) {
                var q = d - 2
                while q >= 0, NounPhrases.isAdverb(w[q]) { q -= 1 }
                if q >= 0, RelationGrammar.isNegation(w[q]) { negation = w[q] }
            }
        }
        guard let x = nounPhraseRight(from: k + 2), let a = wordIndex(after: x.last), w[a] == "and",
              let y = nounPhraseRight(from: a + 1) else { return nil }
        // The second phrase must end where the reader stopped ("Bap | mediated biofilm formation"
        // is cut): punctuation, a function word or a verb of finding follows it.
        if let after = wordIndex(after: y.last), ctx.tokens[tok[after]].kind != .punct, !FunctionWords.all.contains(w[after]),
           !Self.findingVerbs.contains(w[after]), !RelationExtractor.prepositions.contains(w[after]) {
            return nil
        }
        if negation == nil {
            let found: Bool
            if ["a", "an"].contains(w[d]) {
                // "showed a strong correlation between", "there is a link between".
                found = d > 0 && (Self.findingVerbs.contains(w[d - 1]) || (d > 1 && w[d - 2] == "there" && RelationGrammar.copulas.contains(w[d - 1])))
            } else if w[d] == "the" {
                // "The correlation between X and Y suggests ...": the subject of a finding.
                let opens = d == 0 || ctx.tokens[tok[d - 1]].kind == .punct
                guard let after = wordIndex(after: y.last) else { return nil }
                // "... was examined", "... has been investigated", "... is not strong": a question
                // studied or a denial of degree, not a finding.
                var v = after
                while v < w.count, RelationGrammar.aux.contains(w[v]) || NounPhrases.isAdverb(w[v]) { v += 1 }
                let studied = v < w.count && (Self.studiedParticiples.contains(w[v]) || RelationGrammar.isNegation(w[v]))
                    || (after..<min(v + 1, w.count)).contains { RelationGrammar.isNegation(w[$0]) }
                // After a copula only a degree of correlation is a finding ("is strong", "was
                // negative", "is nonlinear"); "the relationships ... were highly plastic" is not.
                var c = after
                while c < w.count, RelationGrammar.copulas.contains(w[c]) || ["very", "more", "also", "quite", "rather", "highly", "not"].contains(w[c])
                        || NounPhrases.isAdverb(w[c]) { c += 1 }
                let degree = c < w.count && (Self.correlationDegree.contains(w[c]) || ["complex", "bidirectional", "reciprocal"].contains(w[c]))
                found = opens && !studied && (Self.findingVerbs.contains(w[after]) || RelationGrammar.copulas.contains(w[after]) && degree)
            } else {
                found = false
            }
            guard found else { return nil }
        }
        let parse = RelationGrammar.Parse(predicate: .correlatesWith, reversed: false, negated: negation != nil, condition: .none)
        guard x.target.key != y.target.key, RelationExtractor.typesAllow(parse, x.target, y.target, open: true) else { return nil }
        return (relation(.correlatesWith, x, y, subject: x, object: y, negation: negation), x, y)
    }

    static let studiedParticiples: Set<String> = [
        "examined", "investigated", "studied", "assessed", "analysed", "analyzed", "tested", "explored", "evaluated",
        "measured", "determined", "quantified", "addressed", "considered", "discussed", "reviewed", "debated", "unclear",
        "unknown", "uncertain", "controversial", "poorly", "elusive",
    ]
    static let correlationNouns: Set<String> = [
        "correlation", "correlations", "association", "associations", "relationship", "relationships", "link", "links",
        "relation", "interdependence", "covariation",
    ]
    static let correlationDegree: Set<String> = [
        "strong", "stronger", "weak", "significant", "positive", "negative", "inverse", "close", "direct", "clear",
        "linear", "good", "high", "tight", "robust", "causal", "statistical", "consistent", "striking", "obvious",
        "apparent", "evident", "marked", "substantial", "moderate", "modest", "poor", "nonlinear",
    ]
    static let findingVerbs: Set<String> = [
        "found", "find", "finds", "show", "shows", "showed", "shown", "reveal", "reveals", "revealed", "observed",
        "observe", "observes", "demonstrated", "demonstrates", "indicate", "indicates", "indicated", "suggest",
        "suggests", "suggested", "implies", "imply", "implied", "confirm", "confirms", "confirmed", "support", "supports",
        "supported", "exhibit", "exhibits", "exhibited", "display", "displays", "displayed", "established", "exists",
        "exist", "existed", "had", "has", "have", "detected", "yielded", "gave", "reflects", "reflected", "points",
        "see", "sees", "saw", "seen", "notice", "noticed", "identified", "identify", "detect", "provide", "provided",
    ]

    /// "no significant effect of X on Y", "negligible influence of X on Y": a denied effect, X
    /// REGULATES Y negated. Only a denied one: "the effect of X on Y" alone names a question
    /// studied, not a finding.
    func deniedEffect(at k: Int) -> (Relation, Phrase, Phrase)? {
        guard ["effect", "effects", "influence", "impact"].contains(w[k]), k + 2 < w.count, w[k + 1] == "of" else { return nil }
        var j = k - 1, skipped = 0
        while j >= 0, skipped < 2, ["significant", "major", "direct", "noticeable", "measurable", "detectable", "appreciable",
                                    "obvious", "clear", "any", "substantial", "marked"].contains(w[j]) {
            j -= 1; skipped += 1
        }
        guard j >= 0, ["no", "negligible", "without"].contains(w[j]), ctx.tokens[tok[j]].text != "NO" else { return nil }
        guard let subject = nounPhraseRight(from: k + 2), subject.last + 2 < w.count, w[subject.last + 1] == "on",
              let object = nounPhraseRight(from: subject.last + 2) else { return nil }
        let parse = RelationGrammar.Parse(predicate: .regulates, reversed: false, negated: true, condition: .none)
        guard RelationExtractor.typesAllow(parse, subject.target, object.target, open: true) else { return nil }
        return (relation(.regulates, subject, object, subject: subject, object: object, negation: w[j]), subject, object)
    }

    /// "no significant Thio T binding by short-acting analogs", "bone resorption by osteoclasts",
    /// "regulation of collagen folding by CyPB": a nominalised effect or binding verb (-ing, or a
    /// noun like "degradation", "inhibition") with its object before it or after "of" names its
    /// agent after "by" (analogs BINDS Thio T, negated by "no" before the nominal).
    func agentOfGerund(at k: Int) -> (Relation, Phrase, Phrase)? {
        guard k + 2 < w.count else { return nil }
        let base = Self.nominalVerbs[w[k]] ?? (w[k].count > 5 && w[k].hasSuffix("ing") ? w[k] : nil)
        guard let base, let verb = RelationGrammar.phrasesByFirstWord[base]?.first(where: { $0.words == [base] && !$0.reversed }),
              [.binds, .increases, .decreases, .regulates, .causes].contains(verb.predicate) else { return nil }
        let nominalAdjectives: Set<String> = ["significant", "major", "detectable", "appreciable", "measurable", "obvious", "substantial",
                                              "marked", "strong", "weak", "efficient", "specific", "direct"]
        let object: Phrase, agent: Phrase, opening: Int
        if w[k + 1] == "of" {
            // "regulation of X by Y"
            guard let o = nounPhraseRight(from: k + 2), !o.attached, let after = wordIndex(after: o.last), after + 1 < w.count,
                  w[after] == "by", let a = nounPhraseRight(from: after + 1) else { return nil }
            // "the inhibition of telomere extension by telomerase", "inhibition of cytokine
            // production by DCs": "by" goes with the inner nominal, whose agent it names.
            let innerHead = w[tok.firstIndex(of: o.head >= 0 ? o.head : o.last) ?? (after - 1)]
            if Self.nominalVerbs[innerHead] != nil || ["extension", "production", "formation", "synthesis", "secretion",
                "release", "uptake", "expression", "degradation", "elongation", "assembly", "growth"].contains(innerHead) { return nil }
            (object, agent, opening) = (o, a, k)
        } else {
            // "X binding by Y"
            guard w[k + 1] == "by", k >= 1, let read = nounPhraseLeft(endingAt: k - 1, maxWords: 4), !read.attached,
                  var s = tok.firstIndex(of: read.first), let a = nounPhraseRight(from: k + 2) else { return nil }
            // "no significant Thio T binding": the adjectives of the nominal are not the object's.
            while s < k - 1, nominalAdjectives.contains(w[s]) { s += 1 }
            guard let o = s == tok.firstIndex(of: read.first) ? read : phrase(first: tok[s], last: read.last, head: read.head, attached: false)
            else { return nil }
            (object, agent, opening) = (o, a, s)
        }
        // "bone resorption by osteoclasts": a nominal inside a term of its own names a process,
        // not an effect on the noun before it.
        if ctx.mentions.contains(where: { $0.firstToken < tok[k] && $0.lastToken >= tok[k] }) { return nil }
        if w[k + 1] == "by", object.last >= tok[k] { return nil }
        // Before the nominal only a known entity or a written name is its object ("resists
        // degradation by collagenase": "resists" is a verb); the agent ends at a noun ("by
        // collagenase longer").
        if w[k + 1] == "by", object.isNew, !isNameLike(object) { return nil }
        if NounPhrases.isLoneModifier(ctx.tokens[agent.last]) || ctx.tokens[agent.last].lower.hasSuffix("er") && agent.isNew { return nil }
        // "by staining cells", "by imaging", "by regulation of Erk": a means (a gerund or another
        // nominal), not an agent.
        if let by = wordIndex(before: agent.first), by + 1 < w.count, w[by] == "by" || RelationGrammar.determiners.contains(w[by]) {
            let first = w[by + 1]
            let compound = tok[by + 1] + 1 < ctx.tokens.count && ctx.tokens[tok[by + 1] + 1].isHyphen  // "short-acting"
            if !compound, first.hasSuffix("ing") || Self.nominalVerbs[first] != nil { return nil }
        }
        // A method or an amount is no agent ("binding by ELISA", "by a factor of two").
        let head = cache.singular(cache.normalized(ctx.tokens[agent.head >= 0 ? agent.head : agent.last].text))
        if Self.amountHeads.contains(head) || Self.studySteps.contains(head) || ["method", "assay", "analysis", "technique"].contains(head) {
            return nil
        }
        // "no (significant) X binding by Y": the determiner of the nominal denies it.
        var q = opening - 1
        while q >= 0, nominalAdjectives.contains(w[q]) { q -= 1 }
        let negation = q >= 0 && ["no", "negligible", "little"].contains(w[q]) ? w[q] : nil
        let parse = RelationGrammar.Parse(predicate: verb.predicate, reversed: false, negated: negation != nil, condition: .none)
        guard RelationExtractor.typesAllow(parse, agent.target, object.target, open: true) else { return nil }
        return (relation(verb.predicate, agent, object, subject: object, object: agent, negation: negation), agent, object)
    }

    /// Nouns of effect verbs, and the verb of the table each stands for.
    static let nominalVerbs: [String: String] = [
        "degradation": "degrade", "inhibition": "inhibit", "activation": "activate", "regulation": "regulate",
        "stimulation": "stimulate", "induction": "induce", "reduction": "reduce", "suppression": "suppress",
        "modulation": "modulate", "enhancement": "enhance", "resorption": "resorb", "disruption": "disrupt",
        "attenuation": "attenuate", "repression": "repress", "promotion": "promote", "upregulation": "upregulate",
        "downregulation": "downregulate", "destabilization": "destabilize", "prevention": "prevent",
    ]

    /// "loading-induced bone formation": the word before the hyphen CAUSES the phrase after
    /// ("Bap-mediated biofilm formation": REGULATES).
    func induced(at k: Int) -> (Relation, Phrase, Phrase)? {
        let predicate: RelationPredicate
        switch w[k] {
        case "induced": predicate = .causes
        case "mediated", "regulated", "controlled": predicate = .regulates
        default: return nil
        }
        guard k > 0, tok[k] >= 2, ctx.tokens[tok[k] - 1].isHyphen, tok[k - 1] == tok[k] - 2 else { return nil }
        // "IFN-γ-mediated": the whole hyphen compound before the last hyphen names the agent.
        var first = tok[k - 1]
        while first >= 2, ctx.tokens[first - 1].isHyphen, ctx.tokens[first - 2].kind != .punct,
              ctx.tokens[first - 1].start == ctx.tokens[first - 2].end, ctx.tokens[first].start == ctx.tokens[first - 1].end {
            first -= 2
        }
        guard let subject = phrase(first: first, last: tok[k - 1], head: tok[k - 1], attached: false),
              let object = nounPhraseRight(from: k + 1, skipDeterminers: false) else { return nil }
        let parse = RelationGrammar.Parse(predicate: predicate, reversed: false, negated: false, condition: .none)
        guard RelationExtractor.typesAllow(parse, subject.target, object.target, open: true) else { return nil }
        return (relation(predicate, subject, object, subject: subject, object: object, negation: nil), subject, object)
    }

    /// The subject is not one conjunct of a coordination ("X and Y increased Z") nor inside a
    /// question ("we tested whether X increases Y").
    /// `singularVerb`: the verb after the subject agrees with one noun ("has", "is", "increases"),
    /// so after ", and" or ") and" the subject starts a clause of its own.
    func subjectIsFree(_ subject: Phrase, singularVerb: Bool = false) -> Bool {
        var b = subject.first - 1
        while b >= 0, RelationGrammar.determiners.contains(ctx.tokens[b].lower) { b -= 1 }
        // ", and the stiffness of bone is increased by": a new clause, not a conjunct.
        // ", and elastin has no homology with": a singular verb after a singular noun also starts
        // one ("publishers, libraries, and professional societies is" does not: no agreement).
        let head = ctx.tokens[subject.head >= 0 ? subject.head : subject.last].lower
        let singularNoun = !(head.hasSuffix("s") && !head.hasSuffix("ss") && !head.hasSuffix("us") && !head.hasSuffix("is"))
        let newClause = b > 0 && ctx.tokens[b - 1].text == ","
            && (b < subject.first - 1 || singularVerb && singularNoun && ctx.tokens[b].lower == "and")
        if b >= 0, ["and", "or", "nor", "&"].contains(ctx.tokens[b].lower), !newClause { return false }
        // "in A. thaliana resulted in": a phrase cut at an abbreviation's period.
        if b >= 0, ctx.tokens[b].text == "." { return false }
        // "stimuli (~15 s) repeated every 24 hrs enhances", "that fully restored parameters degraded
        // by": a participle that follows a word other than a determiner starts no subject.
        if let f = tok.firstIndex(of: subject.first), w[f].hasSuffix("ed"), f > 0 {
            var g = f - 1
            while g > 0, RelationGrammar.adverbs.contains(w[g]) || NounPhrases.isAdverb(w[g]) { g -= 1 }
            if ctx.tokens[tok[g]].kind == .word || w[g] == ")",
               !RelationGrammar.determiners.contains(w[g]), !RelationExtractor.prepositions.contains(w[g]) { return false }
        }
        for t in ctx.tokens[max(0, subject.first - 10)..<subject.first] where RelationExtractor.hedges.contains(t.lower) {
            return false
        }
        return true
    }

    /// Copulas before a predicative adjective.
    static let copulasOfState: Set<String> = ["is", "are", "was", "were", "remains", "remain", "remained", "become", "becomes", "became"]
    /// Words after a predicative adjective that end the predication ("tough and stiff", "stable
    /// against", "brittle in tension"); anything else (a noun, "than", "to" + verb) is not read.
    static let afterPredicative: Set<String> = [",", ".", ";", ":", "(", "[", "and", "or", "but", "in", "at", "under", "against", "to", "toward", "towards",
                                                "with", "when", "because", "upon", "after", "during", "even", "yet", "whereas", "while"]

    /// "Nacre is remarkably tough", "the fibres were not extensible": the subject EXHIBITS_PROPERTY
    /// the property its predicative adjective names, only when the lexicon knows that property
    /// (toughness, extensibility); negated by "not". Comparatives ("more", "as", "than") are the
    /// comparison reader's.
    func adjectivalProperty(at k: Int) -> (Relation, Phrase, Phrase)? {
        guard Self.copulasOfState.contains(w[k]), k > 0, k + 1 < w.count else { return nil }
        var s = k + 1
        var negation: String?
        while s < w.count, RelationGrammar.adverbs.contains(w[s]) || NounPhrases.isAdverb(w[s]) || ["not", "very", "highly"].contains(w[s]) {
            if w[s] == "not" { negation = "not" }
            s += 1
        }
        guard s < w.count, ctx.tokens[tok[s]].kind == .word, !["more", "less", "most", "least", "as", "so", "too"].contains(w[s - 1]),
              s + 1 == w.count || Self.afterPredicative.contains(w[s + 1]),
              // "toxic to cells", not "hard to locate / remove".
              !(s + 1 < w.count && ["to", "toward", "towards"].contains(w[s + 1]) && !nounAfterTo(s + 2)),
              let property = Self.property(namedBy: w[s], index: index) else { return nil }
        guard let subject = nounPhraseLeft(endingAt: k - 1), subjectIsFree(subject, singularVerb: ["is", "was", "remains", "becomes"].contains(w[k])),
              !isPredicateNoun(subject) else { return nil }
        // A property of the built-in list is recorded like a new phrase (its entity is not in the index).
        let builtIn = index.target(forKey: property.key) == nil
        let object = Phrase(first: tok[s], last: tok[s], head: tok[s], target: property, isNew: builtIn,
                            range: ctx.tokens[tok[s]].start..<ctx.tokens[tok[s]].end, surface: ctx.tokens[tok[s]].text)
        let parse = RelationGrammar.Parse(predicate: .exhibitsProperty, reversed: false, negated: negation != nil, condition: .none)
        guard RelationExtractor.typesAllow(parse, subject.target, object.target, open: true) else { return nil }
        return (relation(.exhibitsProperty, subject, object, subject: subject, object: object, negation: negation), subject, object)
    }

    /// Whether a noun phrase starts at word `q`, right after "to" ("toxic to dermal cells", "to the
    /// cells", "to E. coli"), rather than an infinitive ("hard to remove"): a determiner first, or a
    /// mention, a symbol or a plural noun within three words, before any punctuation.
    func nounAfterTo(_ q: Int) -> Bool {
        guard q < w.count else { return false }
        if RelationGrammar.determiners.contains(w[q]) { return true }
        for r in q..<min(w.count, q + 3) {
            let t = ctx.tokens[tok[r]]
            if t.kind == .punct || RelationGrammar.determiners.contains(w[r]) || Self.looksLikeVerb(w[r]) { return false }
            if ctx.mentions.contains(where: { $0.firstToken <= tok[r] && $0.lastToken >= tok[r] }) || isSymbol(r) { return true }
            if w[r].count > 3, w[r].hasSuffix("s"), !w[r].hasSuffix("ss"), !w[r].hasSuffix("us"), !w[r].hasSuffix("is") { return true }
            // "resilient to fixation", "resistant to degradation": a nominal suffix.
            if w[r].count > 5, ["tion", "sion", "ment", "ness", "ity", "ance", "ence", "ure", "ism"].contains(where: { w[r].hasSuffix($0) }) {
                return true
            }
        }
        return false
    }

    /// The lexicon property a predicative adjective names by its regular nominalisation
    /// ("tough" -> toughness, "ductile" -> ductility, "porous" -> porosity, "extensible" ->
    /// extensibility, "anisotropic" -> anisotropy, "resilient" -> resilience), if any.
    static func property(namedBy adjective: String, index: TermIndex) -> TermTarget? {
        let a = adjective
        guard a.count >= 4, !RelationGrammar.verbForms.contains(a), !a.hasSuffix("ed"), !a.hasSuffix("ing") else { return nil }
        var names = [a + "ness", a + "ity"]
        if a.hasSuffix("e") { names.append(String(a.dropLast()) + "ity") }
        if a.hasSuffix("ble") { names.append(String(a.dropLast(3)) + "bility") }
        if a.hasSuffix("ous") { names.append(String(a.dropLast(3)) + "osity") }
        if a.hasSuffix("ic") { names.append(String(a.dropLast(2)) + "y") }
        if a.hasSuffix("ent") { names.append(String(a.dropLast(3)) + "ence") }
        if a.hasSuffix("ive") { names.append(String(a.dropLast(3)) + "ivity") }
        if a.hasSuffix("ic") { names.append(String(a.dropLast(2)) + "ism") }
        for name in names {
            if let t = index.target(forKey: TermNormalizer.key(name)), t.type == .property { return t }
        }
        // Common properties the lexicon leaves out (it would add their mentions everywhere):
        // "not toxic to cells" names toxicity, "is stable" stability. A built-in vocabulary like
        // the lexicon's, so the entity is named by the noun ("stability"), not the adjective.
        if let name = names.first(where: { Self.propertyNouns.contains($0) }) {
            return TermTarget(key: TermNormalizer.key(name), name: name, type: .property, source: .lexicon)
        }
        return nil
    }

    /// Property nouns a predicative adjective may name beside the lexicon's.
    static let propertyNouns: Set<String> = [
        "toxicity", "stability", "solubility", "insolubility", "flexibility", "rigidity", "fragility", "durability",
        "conductivity", "reactivity", "reversibility", "immunogenicity", "antigenicity", "infectivity",
        "pathogenicity", "degradability", "dimorphism", "stickiness", "compliance", "malleability",
        "deformability", "permeability", "opacity", "fluidity", "mobility", "motility", "viability",
    ]

    /// Words that open a subordinate clause set off by commas between a subject and its verb.
    static let subordinators: Set<String> = ["although", "though", "while", "whilst", "because", "since", "unless", "whereas", "when", "if", "once"]

    /// Whether only determiners stand between the phrase and the start of its clause (the
    /// sentence's start, a comma, ";", ":", or "and"/"but" after a comma).
    func opensClause(_ p: Phrase) -> Bool {
        var b = p.first - 1
        while b >= 0, RelationGrammar.determiners.contains(ctx.tokens[b].lower) { b -= 1 }
        return b < 0 || [",", ";", ":"].contains(ctx.tokens[b].text)
            || (["and", "but"].contains(ctx.tokens[b].lower) && b > 0 && ctx.tokens[b - 1].text == ",")
    }

    /// Where a comma-delimited subordinate clause ending at the comma `j` starts (its opening
    /// comma): "X, even though it was shown to be Y, does not"; nil when there is none.
    func interposedClauseStart(before j: Int) -> Int? {
        var c = j - 1
        // Commas seen between `c` and `j` outside brackets: the relative, participle and
        // appositive forms below hold one phrase, never a list of them.
        var innerComma = false, depth = 0
        while c > 0, j - c <= 30 {
            if w[c] == ";" || w[c] == ":" { return nil }
            if w[c] == ")" || w[c] == "]" { depth += 1 }
            if w[c] == "(" || w[c] == "[" { depth -= 1 }
            if w[c] == ",", c + 1 < j {
                let a = w[c + 1], b = c + 2 < j ? w[c + 2] : ""
                if Self.subordinators.contains(a) || (a == "even" && ["though", "if", "when"].contains(b)) { return c }
                if innerComma { c -= 1; continue }
                // "[13], [14]": a comma between citations is part of them.
                if depth == 0, !(w[c - 1] == "]" && w[c + 1] == "[") { innerComma = true }
                // "X, which is found in bone, is", "X (CyPB), encoded by PPIB, is", "X, as measured
                // for 29 residues, do not", "X, a titin domain, is": a relative clause, a participle
                // phrase or an apposition between the subject and its verb.
                if ["which", "who", "whose"].contains(a) { return c }
                if a == "as", b.hasSuffix("ed") || ["shown", "seen", "described", "expected"].contains(b) { return c }
                if a.count > 4, a.hasSuffix("ed") || ["bound", "known", "made", "found", "shown", "seen"].contains(a),
                   ["by", "in", "from", "at", "with", "as", "to", "on", "for", "via", "through", "under"].contains(b) { return c }
                if a == "a" || a == "an", c > 0, isNounPhraseWord(c - 1) || w[c - 1] == ")" { return c }
            }
            c -= 1
        }
        return nil
    }

    /// The end (a word index) of the noun a restrictive relative clause ending at `j` belongs
    /// to: in "the tissue that surrounds the growing bone", the clause "that surrounds the
    /// growing bone" ends at "bone" and belongs to "tissue". The clause is a relative pronoun,
    /// one finite verb (an -s or -ed form or a verb of the table, adverbs before it) and a
    /// noun phrase; nil for anything else ("we show that X", "X, which", a comma between).
    func restrictiveRelativeAntecedent(endingAt j: Int) -> Int? {
        guard ctx.tokens[tok[j]].kind != .punct, let object = nounPhraseLeft(endingAt: j),
              var q = wordIndex(before: object.first) else { return nil }
        var determiner = false
        while q > 0, RelationGrammar.determiners.contains(w[q]) || NounPhrases.objectLead.contains(w[q]) { q -= 1; determiner = true }
        let verb = w[q]
        // A finite verb: "-ing" is a gerund ("that increasing sampling would"), and an -ed word
        // right before a noun is an adjective ("that increased oxidative stress is") unless a
        // determiner follows it ("that disrupted the helix").
        guard q >= 2, ctx.tokens[tok[q]].kind == .word, verb.count > 3, !FunctionWords.all.contains(verb),
              !RelationGrammar.aux.contains(verb), !verb.hasSuffix("ing"), !verb.hasSuffix("ed") || determiner,
              (verb.hasSuffix("s") && !verb.hasSuffix("ss") && !verb.hasSuffix("us") && !verb.hasSuffix("is"))
                || verb.hasSuffix("ed") || RelationGrammar.verbForms.contains(verb) else { return nil }
        var r = q - 1
        while r > 0, RelationGrammar.adverbs.contains(w[r]) || NounPhrases.isAdverb(w[r]) { r -= 1 }
        guard r >= 1, ["that", "which", "who"].contains(w[r]) else { return nil }
        let a = r - 1
        // The antecedent is a noun: no verb of saying before "that" ("we show that").
        // Nor a noun that takes a clause ("our speculation that X is", "meaning that").
        guard ctx.tokens[tok[a]].kind == .word, isNounPhraseWord(a), !NounPhrases.verbs.contains(w[a]),
              !w[a].hasSuffix("ing"), !Self.clauseNouns.contains(w[a]),
              !RelationGrammar.verbForms.contains(w[a]) || NounPhrases.isNounFirst(w[a]), nounPhraseLeft(endingAt: a) != nil
        else { return nil }
        return a
    }

    /// Verbs of use before "X to <verb> Y" ("using X to increase Y"): X does what follows.
    static let instrumentVerbs: Set<String> = [
        "use", "uses", "used", "using", "utilise", "utilises", "utilised", "utilising", "utilize", "utilizes", "utilized",
        "utilizing", "employ", "employs", "employed", "employing", "exploit", "exploits", "exploited", "exploiting",
        "harness", "harnesses", "harnessed", "harnessing",
    ]

    /// Words that open a subordinate clause whose pronoun subject ("as it is formed by") may
    /// stand for the main clause's subject.
    static let pronounClauseOpeners: Set<String> = [
        "as", "because", "since", "where", "when", "while", "whilst", "whereas", "although", "though", "so", "and",
        "but", "if", "once", "until", "unless", "thus", "hence", "therefore", "whereby", ",",
    ]

    /// The main clause's subject a pronoun ("it", "they") at word `p` stands for: the noun phrase
    /// that opens the sentence (after a fronted phrase set off by a comma: "In titin, the force
    /// clamp is"), followed by its verb, agreeing in number with the pronoun; nil when the
    /// pronoun opens no subordinate clause or no such subject precedes it.
    func pronounAntecedent(at p: Int) -> Phrase? {
        // "as though it is": a counterfactual, nothing the sentence states.
        guard p >= 2, Self.pronounClauseOpeners.contains(w[p - 1]), !(w[p - 1] == "though" && w[p - 2] == "as") else { return nil }
        // "When the motif is deep, it does not": the subject of a fronted subordinate clause.
        guard let subject = mainClauseSubject(before: p - 1, fronted: true),
              (w[p] == "they") == isPluralNoun(subject) else { return nil }
        return subject
    }

    /// The subject of the clause a verb phrase after "and" / "but" at word `c` is coordinated
    /// with: "osteoporosis afflicts the population and can increase skeletal fragility", "the
    /// gene has been identified in X, but has never been found in Y".
    func coordinatedVerbSubject(at c: Int, phrase: RelationGrammar.Phrase, k: Int) -> Phrase? {
        guard ["and", "but"].contains(w[c]), c >= 1 else { return nil }
        // "the experimental and control samples": an adjective before "and" joins adjectives.
        var b = c - 1
        if w[b] == ",", b > 0 { b -= 1 }
        let before = ctx.tokens[tok[b]]
        if before.kind == .word, NounPhrases.isLoneModifier(before) || RelationGrammar.determiners.contains(w[b]) { return nil }
        guard let subject = mainClauseSubject(before: c, fronted: false), let verb = wordIndex(after: subject.last) else { return nil }
        // Another clause or question between: "although this organism was", "how X may".
        if (verb..<c).contains(where: { Self.subordinators.contains(w[$0]) || ["how", "what", "why", "where", "whom"].contains(w[$0]) }) {
            return nil
        }
        // "The neurons are bipolar with ... and anteriorly guided axons": after a copula, an -ed
        // word with no auxiliary of its own is an adjective.
        // "and bound proteins were eluted", "the upper and lower respiratory systems": without an
        // auxiliary of its own, an -ed form or an adjective-like verb ("lower") after "and" is
        // read as a modifier of the noun after it.
        let first = phrase.words[0]
        let ownAux = (c + 1..<k).contains(where: { RelationGrammar.aux.contains(w[$0]) || NounPhrases.modals.contains(w[$0]) })
        if !ownAux, first.hasSuffix("ed") || ["bound", "driven", "made", "lower", "higher", "open", "double", "free", "clear", "dry", "wet", "slow", "complex"].contains(first) {
            return nil
        }
        // "a tool to reduce poverty and improve health", "required for X to bind and activate Y":
        // a bare verb joins the infinitive before it, not the clause's verb.
        if !Self.inflected(first), (c + 1..<k).allSatisfy({ !RelationGrammar.aux.contains(w[$0]) && !NounPhrases.modals.contains(w[$0]) }),
           (verb..<c).contains(where: { $0 + 1 < c && w[$0] == "to" && ctx.tokens[tok[$0 + 1]].kind == .word
               && !RelationGrammar.determiners.contains(w[$0 + 1]) && !NounPhrases.objectLead.contains(w[$0 + 1]) }) {
            return nil
        }
        return subject
    }

    /// The noun phrase that opens the clause ending before word `e`: the sentence's start, or
    /// after its last ";" or ":" before `e`, after a fronted phrase set off by a comma ("In
    /// titin, the force clamp is"), followed by its verb; nil when another clause with a subject
    /// of its own ("that", "which", "considering") stands between it and `e`, or the phrase is vague.
    /// `fronted`: a subordinate clause that opens the sentence ("When X is deep,") gives its subject.
    func mainClauseSubject(before e: Int, fronted: Bool) -> Phrase? {
        guard e >= 2 else { return nil }
        // (A ":" inside parentheses, "(i.e.: ...)", starts no clause.)
        var s0 = ((0..<e).last { q in
            w[q] == ";" || w[q] == ":" && (0..<q).reduce(0) { $0 + (w[$1] == "(" ? 1 : w[$1] == ")" ? -1 : 0) } <= 0
        }).map { $0 + 1 } ?? 0
        guard s0 < e else { return nil }
        if fronted, ["when", "if", "while", "whilst", "once", "because", "since", "although", "though", "as", "whereas"].contains(w[s0]) {
            s0 += 1
        } else if RelationExtractor.prepositions.contains(w[s0]) || RelationGrammar.adverbs.contains(w[s0]) || NounPhrases.isAdverb(w[s0])
            || ["however", "moreover", "furthermore", "thus", "therefore", "hence", "notably", "importantly", "indeed",
                "consequently", "additionally", "finally", "first", "second", "here", "overall", "together", "so"].contains(w[s0]) {
            // A fronted phrase or connective: "In titin,", "However,", "Thus,".
            guard let c = (s0 + 1..<min(e, s0 + 14)).first(where: { w[$0] == "," }) else { return nil }
            s0 = c + 1
        }
        guard s0 < e, let subject = nounPhraseRight(from: s0), let after = wordIndex(after: subject.last), after < e else { return nil }
        // The subject's verb follows it: an auxiliary, or a finite form (-s, -ed, a verb of the table).
        let v = w[after]
        guard !["that", "which", "who", "whose", "whom"].contains(v),
              RelationGrammar.aux.contains(v) || NounPhrases.modals.contains(v) || RelationGrammar.verbForms.contains(v)
                || (v.count > 3 && ctx.tokens[tok[after]].kind == .word && !FunctionWords.all.contains(v)
                    && (v.hasSuffix("s") && !v.hasSuffix("ss") || v.hasSuffix("ed"))) else { return nil }
        // No other clause with a subject of its own between them ("considering that Ag85B has
        // been described ..., and it is", "rhythms, which persist since they are").
        guard !(after..<e).contains(where: { ["that", "which", "who", "whose", "whether", "considering", "given"].contains(w[$0]) }),
              !NounPhrases.vague.contains(ctx.tokens[subject.head >= 0 ? subject.head : subject.last].lower)
        else { return nil }
        return subject
    }

    /// Nouns whose "that" opens a clause of their content, not a relative clause.
    static let clauseNouns: Set<String> = [
        "speculation", "hypothesis", "idea", "notion", "fact", "finding", "findings", "observation", "evidence",
        "possibility", "assumption", "view", "belief", "conclusion", "suggestion", "claim", "argument", "proposal",
        "indication", "demonstration", "knowledge", "premise", "theory", "expectation", "likelihood", "probability",
        "assertion", "hint", "sign", "signs", "proof", "notice", "realization", "recognition", "report", "reports",
        "prediction", "predictions", "concern", "chance", "way", "sense", "reason", "extent", "point", "case", "result",
        "results", "data", "model", "concept", "principle", "rule", "requirement", "condition", "question", "doubt",
    ]

    /// The phrase follows a copula or "as" (with determiners between): "is one strategy", "as a therapy".
    /// Adverbs, adjectives and commas between them are skipped ("are highly organized protein
    /// aggregates", "is a non-bulky, uncharged amino acid"); "there are" is no predicate.
    func isPredicateNoun(_ p: Phrase) -> Bool {
        guard var q = tok.firstIndex(of: p.first) else { return false }
        q -= 1
        while q >= 0, RelationGrammar.determiners.contains(w[q]) || NounPhrases.objectLead.contains(w[q]) || RelationGrammar.adjectives.contains(w[q])
                || RelationGrammar.adverbs.contains(w[q]) || NounPhrases.isAdverb(w[q]) || NounPhrases.isAdjectiveShaped(w[q])
                || NounPhrases.loneModifiers.contains(w[q]) || w[q] == "non"
                || (w[q] == "," && q > 0 && (NounPhrases.isAdjectiveShaped(w[q - 1]) || NounPhrases.loneModifiers.contains(w[q - 1])))
                || w[q] == "most" {
            q -= 1
        }
        guard q >= 0 else { return false }
        if RelationGrammar.copulas.contains(w[q]) { return !(q > 0 && w[q - 1] == "there") }
        return w[q] == "as"
    }

    /// The subject of the copula before a predicate noun ("bones" in "bones are rigid structures"),
    /// when it is free and itself no predicate noun; nil after "as" or "there is".
    func copulaHolder(of p: Phrase) -> Phrase? {
        // "X is a model of overgrowth resulting from Y": what follows may be about the attached noun.
        guard !p.attached, var q = tok.firstIndex(of: p.first) else { return nil }
        // "Another direction is the insight derived from": a definite predicate noun identifies
        // a thing of its own; only "a Y", "one of the Ys" or bare plurals classify the subject.
        if let d = wordIndex(before: p.first), ["the", "this", "that", "these", "those", "its", "their"].contains(w[d]),
           !(d > 1 && w[d - 1] == "of" && ["one", "among"].contains(w[d - 2])) { return nil }
        q -= 1
        while q >= 0, !["is", "are", "was", "were", "remains", "remain", "remained", "becomes", "become", "became"].contains(w[q]) {
            if [",", ";", ":", "(", ")", "as", "and", "or", "that", "which"].contains(w[q]) || p.first - tok[q] > 12 { return nil }
            q -= 1
        }
        guard q > 0, w[q - 1] != "there", ctx.tokens[tok[q - 1]].kind == .word || w[q - 1] == ")",
              let x = nounPhraseLeft(endingAt: q - 1), subjectIsFree(x, singularVerb: ["is", "was", "remains", "becomes"].contains(w[q])),
              !isPredicateNoun(x) else { return nil }
        return x
    }

    /// The phrase comes right after "show", "have", "exhibit" and the like (determiners between).
    func afterLinkVerb(_ p: Phrase) -> Bool {
        guard var q = tok.firstIndex(of: p.first) else { return false }
        q -= 1
        while q >= 0, RelationGrammar.determiners.contains(w[q]) || NounPhrases.objectLead.contains(w[q]) || NounPhrases.isAdverb(w[q]) { q -= 1 }
        return q >= 0 && NounPhrases.linkVerbs.contains(w[q]) && w[q] != "with"
    }

    /// A plural head ("tripeptides", "fibres"), not "-ss", "-us", "-is".
    func isPluralNoun(_ p: Phrase) -> Bool {
        let head = ctx.tokens[p.head >= 0 ? p.head : p.last].lower
        return head.count > 3 && head.hasSuffix("s") && !head.hasSuffix("ss") && !head.hasSuffix("us") && !head.hasSuffix("is")
            || ["mice", "bacteria", "data", "cells", "teeth", "children", "people"].contains(head)
    }

    /// The phrase comes right after a verb of the table in its base or -s form ("that influence X").
    func followsVerb(_ p: Phrase) -> Bool {
        guard var q = tok.firstIndex(of: p.first) else { return false }
        q -= 1
        while q >= 0, RelationGrammar.determiners.contains(w[q]) || NounPhrases.objectLead.contains(w[q]) { q -= 1 }
        guard q >= 0, ctx.tokens[tok[q]].kind == .word else { return false }
        let x = w[q]
        // "a model using a stress feedback generated X": the object of a participle.
        if x.count > 4, x.hasSuffix("ing"), q + 1 < w.count, RelationGrammar.determiners.contains(w[q + 1]) { return true }
        return RelationGrammar.verbForms.contains(x) && !x.hasSuffix("ed") && !x.hasSuffix("ing")
            && !NounPhrases.nounFirstWords.contains(x) && !RelationGrammar.quantityNouns.contains(x)
    }

    /// The phrase is the object of an -ing form ("a model using a stress feedback").
    func afterGerund(_ p: Phrase) -> Bool {
        guard var q = tok.firstIndex(of: p.first) else { return false }
        q -= 1
        guard q >= 1, RelationGrammar.determiners.contains(w[q]) else { return false }
        q -= 1
        return w[q].count > 4 && w[q].hasSuffix("ing") && ctx.tokens[tok[q]].kind == .word
    }

    /// The phrase is the object of a preposition ("above a yield stress").
    /// `of`: also the noun after "of" ("alterations of type I collagen, which ...").
    func inPrepositionalPhrase(_ p: Phrase, of: Bool = false) -> Bool {
        guard var q = tok.firstIndex(of: p.first) else { return false }
        q -= 1
        while q >= 0, RelationGrammar.determiners.contains(w[q]) || NounPhrases.objectLead.contains(w[q]) { q -= 1 }
        return q >= 0 && RelationExtractor.prepositions.contains(w[q]) && (of || w[q] != "of")
    }

    /// A verb form with an inflection (-s, -ed, -ing, or an irregular past).
    static func inflected(_ x: String) -> Bool {
        x.hasSuffix("s") || x.hasSuffix("ed") || x.hasSuffix("ing") || ["bound", "driven", "made", "spun", "drove", "led", "held"].contains(x)
    }

    /// A common noun in the singular: a lower-case word not ending in -s, no function word.
    static func isSingularNoun(_ x: String) -> Bool {
        guard x.count > 2, x.unicodeScalars.allSatisfy({ $0.properties.isLowercase }) else { return false }
        if x.hasSuffix("s") || FunctionWords.all.contains(x) || RelationGrammar.aux.contains(x) || NounPhrases.isAdverb(x)
            || RelationGrammar.adverbs.contains(x) || NounPhrases.isAdjectiveShaped(x) || NounPhrases.verbs.contains(x) { return false }
        return !["data", "criteria", "phenomena", "people", "mice", "children", "bacteria", "media"].contains(x)
    }

    /// The word index of the last word before token `t`.
    func wordIndex(before t: Int) -> Int? { tok.lastIndex { $0 < t } }

    /// The word index of the first word after token `t`.
    func wordIndex(after t: Int) -> Int? { tok.firstIndex { $0 > t } }
}
