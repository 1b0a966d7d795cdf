/// Properties named by the text rather than the lexicon: "overall diameters ranging from 6 to
/// 12 nm", "a constant force of 300 pN", and the property after the value ("a 20 GPa modulus").
/// The head word must be a property head of `unitsByHead` whose units fit the quantity.
extension PropertyValueExtractor {
    /// The property head of a word (singular, normalised) when it accepts `unit`.
    static func propertyHead(_ t: Token, unit: String, cache: WordCache) -> Bool {
        guard t.kind == .word else { return false }
        let head = cache.singular(cache.normalized(t.text))
        return unitsByHead[head]?.contains(unit) ?? false
    }

    /// A synthetic property mention for the noun phrase ending at token `h` (up to two modifiers).
    static func propertyPhrase(_ ctx: SentenceContext, head h: Int, from lower: Int = 0, index: TermIndex, cache: WordCache) -> MatchedMention {
        var first = h
        while first > lower, h - first < 2, NounPhraseMiner.isContentWord(ctx.tokens[first - 1]),
              !filler.contains(ctx.tokens[first - 1].lower), !RelationGrammar.adjectives.contains(ctx.tokens[first - 1].lower) {
            first -= 1
        }
        let range = ctx.tokens[first].start..<ctx.tokens[h].end
        let surface = ctx.scalars.text(range)
        let key = TermNormalizer.key(surface)
        let target = index.target(forKey: key) ?? TermTarget(key: key, name: surface, type: .property, source: .nounPhrase)
        return MatchedMention(target: target, firstToken: first, lastToken: h, range: range, surface: surface)
    }

    /// The property a quantity at token `q` (ending before token `after`) belongs to when no
    /// lexicon property names it: a property head before it with only filler between, or right
    /// after it ("a 20 GPa modulus", "2 nm thick").
    static func textProperty(_ ctx: SentenceContext, quantityAt q: Int, after: Int, unit: String, index: TermIndex,
                             cache: WordCache) -> MatchedMention? {
        var k = q - 1, steps = 0
        while k >= 0, steps <= 6 {
            let t = ctx.tokens[k]
            if propertyHead(t, unit: unit, cache: cache) {
                // The head must not sit inside a lexicon mention (that one was tried already).
                guard !ctx.mentions.contains(where: { $0.firstToken <= k && $0.lastToken >= k }) else { return nil }
                return propertyPhrase(ctx, head: k, index: index, cache: cache)
            }
            guard filler.contains(t.lower) || t.text == "," || t.text == "(" else { break }
            k -= 1
            steps += 1
        }
        // After the value: at most one modifier, then the head; no mention of a thing between.
        var a = after
        for _ in 0..<2 where a < ctx.tokens.count {
            let t = ctx.tokens[a]
            if propertyHead(t, unit: unit, cache: cache),
               !ctx.mentions.contains(where: { $0.firstToken <= a && $0.lastToken >= a }) {
                return propertyPhrase(ctx, head: a, from: after, index: index, cache: cache)
            }
            guard NounPhraseMiner.isContentWord(t), !ctx.mentions.contains(where: { $0.firstToken <= a && $0.lastToken >= a }) else { break }
            a += 1
        }
        return nil
    }
}
