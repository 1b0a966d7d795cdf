/// Attaches numeric values to property mentions and, where the sentence says whose they are,
/// to an entity: "the Young's modulus of enamel was 80–90 GPa", "silk has a toughness of
/// 160 MJ/m3", "a fracture toughness of 3–9 MPa·m1/2". The unit must fit the property.
enum PropertyValueExtractor {
    /// Words allowed between a property and its value.
    static let filler: Set<String> = [
        "of", "the", "a", "an", "was", "were", "is", "are", "be", "been", "being", "approximately", "about", "around",
        "roughly", "nearly", "up", "to", "from", "between", "ranged", "ranging", "range", "ranges", "in", "reached",
        "reaching", "reaches", "values", "value", "=", ":", "(", "average", "mean", "maximum", "minimum", "max", "min",
        "peak", "measured", "found", "determined", "as", "estimated", "calculated", "reported", "obtained", "with",
        "than", "more", "less", "greater", "higher", "lower", "over", "above", "below", "under", "at", "least", "most",
        "typical", "typically", "~", "≈", "∼", "<", ">", "≤", "≥", "high", "had", "has", "have", "showed", "exhibited",
        "gave", "yielded", "increased", "decreased", "only", "order", "magnitude", "its", "their", "for", "by", "on",
        "average", "overall", "effective", "apparent", "total", "final", "initial", "and", "or", "respectively",
        "experimentally", "theoretically", "predicted", "corresponding", "given", "approximated", "around",
    ]
    /// Words allowed between an entity and its property ("silk has a high toughness").
    static let linkToProperty: Set<String> = [
        "has", "have", "had", "having", "exhibits", "exhibit", "exhibited", "shows", "show", "showed", "displays",
        "displayed", "possesses", "possessed", "with", "a", "an", "its", "their", "the", "high", "low", "higher",
        "lower", "average", "mean", "maximum", "minimum", "reached", "reaching", "total", "overall", "apparent",
        "effective", "specific", "remarkable", "exceptional", "excellent", "measured", "of",
        "mechanical", "tensile", "compressive", "elastic", "thermal", "intrinsic", "ultimate", "structural",
    ]

    /// Units accepted per property head word; a head not listed accepts any unit.
    static let unitsByHead: [String: Set<String>] = {
        let pressure: Set<String> = ["Pa"]
        var m: [String: Set<String>] = [:]
        for h in ["modulus", "strength", "stress", "hardness", "pressure", "resistance"] { m[h] = pressure }
        // Single-molecule and fibre mechanics give strength as a force ("unfolds at 204 pN").
        m["strength"] = ["Pa", "N"]
        m["stiffness"] = ["Pa", "N/m"]
        m["toughness"] = ["Pa·m^0.5", "J/m^3", "J/m^2", "Pa", "J"]
        m["resilience"] = ["J/m^3", "Pa", "J/m^2"]
        for h in ["energy", "work"] { m[h] = ["J", "J/m^2", "J/m^3", "J/mol", "J/kg"] }
        m["density"] = ["kg/m^3"]
        for h in ["temperature", "point"] { m[h] = ["K"] }
        for h in ["thickness", "diameter", "length", "width", "size", "spacing", "period", "periodicity", "radius",
                  "height", "depth", "roughness", "distance", "wavelength", "pitch", "displacement", "extension",
                  "deflection", "dimension", "gap", "separation", "span"] { m[h] = ["m"] }
        for h in ["strain", "extensibility", "elongation", "porosity", "crystallinity", "content", "fraction",
                  "swelling", "ratio", "efficiency", "yield", "viability", "contraction", "shrinkage", "recovery",
                  "degree", "extension"] { m[h] = ["%", "1"] }
        m["weight"] = ["kg/mol", "kg"]
        m["mass"] = ["kg/mol", "kg"]
        m["viscosity"] = ["Pa·s"]
        m["force"] = ["N"]
        m["concentration"] = ["mol/m^3", "kg/m^3", "%"]
        for h in ["time", "duration", "life", "lifetime"] { m[h] = ["s"] }
        m["frequency"] = ["Hz"]
        m["rate"] = nil
        return m
    }()

    /// Whether a property accepts the unit: its head word (or, for a head not listed, its
    /// lexicon entry's other words) must list the unit; no unit is accepted for an unknown head.
    static func unitFits(_ unit: String, property key: String) -> Bool {
        let words = key.split(separator: " ").map(String.init)
        if let head = words.last, let accepted = unitsByHead[head] { return accepted.contains(unit) }
        // "toughness of bone", "strength in tension": the head before an attachment.
        if let i = words.firstIndex(where: { $0 == "of" || $0 == "in" }), i > 0, let accepted = unitsByHead[words[i - 1]] {
            return accepted.contains(unit)
        }
        return false
    }

    /// `reader`: the sentence's clause reader, for the owners only a noun phrase names ("fibers
    /// (thickness: ~150 nm)", "A and B had masses of 52 and 75 kDa, respectively").
    static func values(in ctx: SentenceContext, index: TermIndex? = nil, cache: WordCache = WordCache(),
                       reader: ClauseExtractor? = nil)
        -> (values: [PropertyValue], relations: [Relation], phrases: [MatchedMention]) {
        let range = ctx.evidence.sentenceRange
        let found = QuantityParser.quantities(ctx.scalars, in: range)
        guard !found.isEmpty else { return ([], [], []) }
        var values: [PropertyValue] = []
        var relations: [Relation] = []
        var phrases: [MatchedMention] = []
        var listed: (MatchedMention, Int)?
        for q in found {
            // The last token before the quantity.
            guard let qTok = ctx.tokens.firstIndex(where: { $0.start >= q.range.lowerBound }) else { continue }
            // Nearest property mention before it, with only filler (and at most "of/for ENTITY") between.
            var entity: TermTarget?
            var property: MatchedMention?
            var mi = ctx.mentions.count - 1
            while mi >= 0, ctx.mentions[mi].lastToken >= qTok { mi -= 1 }
            var cursor = qTok
            var steps = 0
            while mi >= 0, steps < 3 {
                let m = ctx.mentions[mi]
                // The adjectives skipped before an entity may themselves be a mention.
                guard m.lastToken < cursor else { break }
                let gap = ctx.words(m.lastToken + 1..<cursor)
                guard gap.count <= 8, gap.allSatisfy({ filler.contains($0) }) else { break }
                if m.target.type == .property {
                    guard unitFits(q.quantity.unit, property: m.target.key) else { break }
                    property = m
                    break
                }
                // An entity between property and value must follow "of"/"for" (up to two adjectives
                // between: "the tensile strength of degummed fibroin was ...").
                guard entity == nil, mi > 0 else { break }
                var b = m.firstToken - 1
                while b >= 0, m.firstToken - b <= 2, ctx.tokens[b].isWord,
                      !["of", "for", "in"].contains(ctx.tokens[b].lower), !RelationGrammar.determiners.contains(ctx.tokens[b].lower) { b -= 1 }
                guard b >= 0, ["of", "for", "in"].contains(ctx.tokens[b].lower) || RelationGrammar.determiners.contains(ctx.tokens[b].lower)
                else { break }
                entity = m.target
                cursor = b
                mi -= 1
                steps += 1
            }
            // "moduli of 20 GPa and 12 GPa": a value listed right after another takes its property.
            if property == nil, let (previous, end) = listed, unitFits(q.quantity.unit, property: previous.target.key),
               ctx.words(end + 1..<qTok).allSatisfy({ ["and", "or", ",", "to"].contains($0) }), end < qTok {
                property = previous
            }
            var synthetic = false
            if property == nil, let index {
                let after = ctx.tokens.firstIndex { $0.start >= q.range.upperBound } ?? ctx.tokens.count
                property = textProperty(ctx, quantityAt: qTok, after: after, unit: q.quantity.unit, index: index, cache: cache)
                synthetic = property != nil
            }
            guard let p = property else { continue }
            if let last = ctx.tokens.lastIndex(where: { $0.end <= q.range.upperBound }) { listed = (p, last) }
            // Values of a "respectively" list belong to the list's owners, not to the mention next to the property.
            let respective = ctx.tokens[qTok...].contains { $0.lower == "respectively" }
                && found.filter { $0.range.lowerBound > ctx.tokens[p.lastToken].end }.count >= 2
            if synthetic, p.target.source == .nounPhrase { phrases.append(p) }
            if entity == nil, let reader, let owner = reader.respectiveOwner(property: p, quantityAt: qTok, quantities: found) { take(owner) }
            let before = synthetic ? ctx.mentions.lastIndex { $0.lastToken < p.firstToken }.map { $0 + 1 } : ctx.mentions.firstIndex(of: p)
            if entity == nil, let pi = before, pi > 0 {
                let e = ctx.mentions[pi - 1]
                // In a "respectively" list the mention next to the property is one of several
                // owners ("A and B had moduli of 20 and 12 GPa"), unless it is the only one.
                var b = e.firstToken - 1
                while b >= 0, RelationGrammar.determiners.contains(ctx.tokens[b].lower) { b -= 1 }
                let conjoined = respective && b >= 0 && ["and", "or", ","].contains(ctx.tokens[b].lower)
                let gap = ctx.words(e.lastToken + 1..<p.firstToken)
                if !conjoined, e.target.type != .property, gap.count <= 5, gap.allSatisfy({ linkToProperty.contains($0) }),
                   RelationExtractor.subjectIsClean(ctx, e) {
                    entity = e.target
                }
            }
            func take(_ owner: ClauseExtractor.Phrase) {
                entity = owner.target
                if owner.isNew {
                    phrases.append(MatchedMention(target: owner.target, firstToken: owner.first, lastToken: owner.last,
                                                  range: owner.range, surface: owner.surface))
                }
            }
            if entity == nil, let reader, let owner = reader.parentheticalOwner(property: p, quantityAt: qTok) { take(owner) }
            let value = PropertyValue(entity: entity?.key, property: p.target.key, quantity: q.quantity, evidence: ctx.evidence)
            values.append(value)
            if let e = entity, e.key != p.target.key {
                relations.append(Relation(source: e.key, predicate: .hasValue, target: p.target.key, negated: false,
                                          trigger: q.quantity.text, value: q.quantity, evidence: ctx.evidence))
            }
        }
        return (values, relations, phrases)
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { i >= 0 && i < count ? self[i] : nil }
}
