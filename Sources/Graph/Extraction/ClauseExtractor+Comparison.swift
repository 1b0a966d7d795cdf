/// Comparatives: "nacre has a 3000-fold higher toughness than aragonite", "X is stiffer than Y",
/// "X showed lower porosity compared with Y". The property is the noun phrase between the
/// comparative and "than" (a lexicon property or a property-headed phrase), else the one the
/// adjective names ("stiffer" -> stiffness); the ratio comes from "N-fold", "N times", "twice".
extension ClauseExtractor {
    /// Comparative words and their direction.
    static let comparatives: [String: Comparison.Direction] = [
        "higher": .higher, "greater": .higher, "larger": .higher, "more": .higher, "bigger": .higher,
        "increased": .higher, "lower": .lower, "smaller": .lower, "less": .lower, "fewer": .lower, "reduced": .lower,
        "decreased": .lower,
    ]
    /// Comparative adjectives that name their property.
    static let adjectiveProperties: [String: (property: String, direction: Comparison.Direction)] = [
        "stiffer": ("stiffness", .higher), "tougher": ("toughness", .higher), "stronger": ("strength", .higher),
        "harder": ("hardness", .higher), "softer": ("stiffness", .lower), "weaker": ("strength", .lower),
        "denser": ("density", .higher), "thicker": ("thickness", .higher), "thinner": ("thickness", .lower),
        "longer": ("length", .higher), "shorter": ("length", .lower), "faster": ("rate", .higher),
        "slower": ("rate", .lower), "heavier": ("mass", .higher), "lighter": ("mass", .lower),
        "wider": ("width", .higher), "narrower": ("width", .lower), "more elastic": ("elasticity", .higher),
        "more brittle": ("brittleness", .higher), "more porous": ("porosity", .higher),
    ]
    /// Words that introduce the compared entity.
    static let thanWords: [[String]] = [["than"], ["compared", "with"], ["compared", "to"], ["relative", "to"], ["versus"], ["vs"]]
    static let thanFirstWords: Set<String> = Set(thanWords.map { $0[0] })
    /// Small number words for "three times", "twice".
    static let numberWords: [String: Double] = [
        "twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "thrice": 3, "hundred": 100, "thousand": 1000,
    ]

    /// The phrase as its own noun-phrase entity (its whole surface), when that differs from the mention.
    func literal(_ p: Phrase) -> Phrase? {
        let key = TermNormalizer.key(p.surface)
        guard !key.isEmpty, key != p.target.key else { return nil }
        let target = index.target(forKey: key) ?? TermTarget(key: key, name: p.surface, type: p.target.type, source: .nounPhrase)
        var out = p
        out.target = target
        out.isNew = index.target(forKey: key) == nil
        return out
    }

    /// The comparisons of the sentence, with the new noun-phrase entities they name.
    func comparisons() -> (comparisons: [Comparison], phrases: [Phrase]) {
        var out: [Comparison] = [], phrases: [Phrase] = []
        for t in 0..<w.count where Self.thanFirstWords.contains(w[t]) {
            guard let than = Self.thanWords.first(where: { t + $0.count <= w.count && w[t..<t + $0.count].elementsEqual($0) }) else { continue }
            guard let found = comparison(thanAt: t, length: than.count) else { continue }
            out.append(found.0)
            phrases += found.1.filter(\.isNew)
        }
        return (out, phrases)
    }

    func comparison(thanAt t: Int, length: Int) -> (Comparison, [Phrase])? {
        // The comparative within four words before "than".
        var c = t - 1
        var direction: Comparison.Direction?
        var adjective: (property: String, direction: Comparison.Direction)?
        while c >= 0, t - c <= 5 {
            if c > 0, let a = Self.adjectiveProperties[w[c - 1] + " " + w[c]] { adjective = a; c -= 1; break }
            if let a = Self.adjectiveProperties[w[c]] { adjective = a; break }
            if let d = Self.comparatives[w[c]] { direction = d; break }
            guard ctx.tokens[tok[c]].kind != .punct else { return nil }
            c -= 1
        }
        guard c >= 0, direction != nil || adjective != nil else { return nil }
        // Property: the phrase between the comparative and "than", else the adjective's.
        var property: Phrase?
        var newPhrases: [Phrase] = []
        if adjective == nil, c + 1 < t, let p = nounPhraseRight(from: c + 1, skipDeterminers: false), p.last < tok[t] {
            guard p.target.type == .property else { return nil }
            property = p
        }
        // Ratio and the words before the comparative: "a 3000-fold higher", "three times more".
        var j = c - 1
        var ratio: Double?
        while j >= 0 {
            let x = w[j]
            if x == "fold" || x == "times", j > 0, let n = Double(w[j - 1]) ?? Self.numberWords[w[j - 1]] { ratio = n; j -= 2; continue }
            if x == "twice" || x == "thrice" { ratio = Self.numberWords[x]; j -= 1; continue }
            if x == "much" || x == "far" || x == "significantly" || x == "slightly" || x == "considerably" || x == "even"
                || RelationGrammar.adverbs.contains(x) || NounPhrases.isAdverb(x) || RelationGrammar.aux.contains(x)
                || RelationGrammar.determiners.contains(x) || NounPhrases.linkVerbs.contains(x) || RelationGrammar.isNegation(x) {
                j -= 1
                continue
            }
            break
        }
        guard j >= 0, let subject = nounPhraseLeft(endingAt: j), subjectIsFree(subject) else { return nil }
        // The compared entity; "than that of Y", "than those in Y" name Y.
        var s = t + length
        if s + 1 < w.count, ["that", "those"].contains(w[s]), ["of", "in", "for"].contains(w[s + 1]) { s += 2 }
        guard var b = nounPhraseRight(from: s) else { return nil }
        var a = subject
        // "wet fibers are softer than dry fibers": the modifiers tell the two apart.
        if a.target.key == b.target.key {
            guard let la = literal(a), let lb = literal(b), la.target.key != lb.target.key else { return nil }
            (a, b) = (la, lb)
        }
        if let p = property, p.target.key == a.target.key || p.target.key == b.target.key { return nil }
        var propertyKey = property?.target.key
        if let adj = adjective {
            let target = index.target(forKey: adj.property)
                ?? TermTarget(key: adj.property, name: adj.property, type: .property, source: .nounPhrase)
            propertyKey = target.key
            // Recorded as a mention either way, so the property is an entity of the graph.
            newPhrases.append(Phrase(first: tok[c], last: tok[c], head: tok[c], target: target, isNew: true,
                                     range: ctx.tokens[tok[c]].start..<ctx.tokens[tok[c]].end, surface: ctx.tokens[tok[c]].text))
        }
        if let p = property { newPhrases.append(p) }
        let (polarity, cue) = scopes.polarity(from: a.first, to: b.last)
        _ = cue
        let trigger = ctx.between(a.last, b.first)
        let comparison = Comparison(a: a.target.key, b: b.target.key, property: propertyKey,
                                    direction: adjective?.direction ?? direction!, ratio: ratio, trigger: trigger,
                                    polarity: polarity, evidence: ctx.evidence)
        return (comparison, [a, b] + newPhrases)
    }
}
