/// A matched name in a sentence: token span, scalar range and what it stands for.
struct MatchedMention: Sendable, Hashable {
    var target: TermTarget
    /// Token indices [first, last] into the sentence's token array.
    var firstToken: Int
    var lastToken: Int
    var range: Range<Int>
    var surface: String
}

/// Greedy longest-match of the term index over a sentence's tokens. Words may be joined by
/// whitespace or one hyphen ("beta-sheet" = "beta sheet"); a mention never starts with a number.
enum MentionMatcher {
    static func match(_ tokens: [Token], scalars: [Unicode.Scalar], index: TermIndex,
                      cache: WordCache = WordCache()) -> [MatchedMention] {
        // Units: word/number tokens with a flag saying the previous unit is adjacent
        // (only whitespace or a single hyphen between them).
        var units: [Int] = []          // token indices
        var joined: [Bool] = []
        for (t, tok) in tokens.enumerated() where tok.kind != .punct {
            var ok = false
            if let prev = units.last {
                let between = t - prev - 1
                ok = between == 0 || (between == 1 && tokens[prev + 1].isHyphen)
            }
            units.append(t)
            joined.append(ok)
        }
        let norm = units.map { cache.normalized(tokens[$0].text) }
        var out: [MatchedMention] = []
        var u = 0
        while u < units.count {
            if tokens[units[u]].kind == .number { u += 1; continue }
            var best: (n: Int, target: TermTarget)?
            var n = min(index.maxWords, units.count - u)
            let startToken = tokens[units[u]]
            let mayBeAcronym = startToken.text != startToken.lower
            let mayBeKey = index.firstWords.contains(norm[u]) || index.firstWords.contains(cache.singular(norm[u]))
            if !mayBeAcronym && !mayBeKey { u += 1; continue }
            while n >= 1 {
                if n > 1 && !(u + 1..<u + n).allSatisfy({ joined[$0] }) { n -= 1; continue }
                let first = tokens[units[u]], last = tokens[units[u + n - 1]]
                let surface = mayBeAcronym && n <= 4 ? scalars.text(first.start..<last.end) : ""
                if mayBeAcronym, n <= 4, let t = index.target(forAcronym: surface)
                    ?? (surface.hasSuffix("s") ? index.target(forAcronym: String(surface.dropLast())) : nil) {
                    // "mean ± SEM" is a standard error, not a microscope.
                    let prev = units[u] > 0 ? tokens[units[u] - 1].lower : ""
                    if prev == "±" || prev == "mean" { break }
                    best = (n, t); break
                }
                guard mayBeKey else { n -= 1; continue }
                var words = Array(norm[u..<u + n])
                words[n - 1] = cache.singular(words[n - 1])
                if let t = index.target(forKey: words.joined(separator: " ")),
                   !isAllUpperShort(scalars.text(first.start..<last.end), key: t) {
                    best = (n, t); break
                }
                n -= 1
            }
            if let best {
                let first = units[u], last = units[u + best.n - 1]
                let range = tokens[first].start..<tokens[last].end
                out.append(MatchedMention(target: best.target, firstToken: first, lastToken: last,
                                          range: range, surface: scalars.text(range)))
                u += best.n
            } else {
                u += 1
            }
        }
        return out
    }

    /// An all-caps surface matched by key to a lower-case lexicon word is usually another
    /// acronym ("SILK" is fine, but "CELL" as a gene symbol is not); only short words are refused.
    private static func isAllUpperShort(_ surface: String, key: TermTarget) -> Bool {
        let s = surface.unicodeScalars
        return s.count <= 4 && s.allSatisfy { $0.properties.isUppercase || $0.properties.numericType != nil }
    }
}

/// Memoised word normalisation for one extraction (words repeat a lot in a paper).
final class WordCache {
    private var normalizedWords: [String: String] = [:]
    private var singulars: [String: String] = [:]

    func normalized(_ w: String) -> String {
        if let v = normalizedWords[w] { return v }
        let v = TermNormalizer.normalizeWord(w)
        normalizedWords[w] = v
        return v
    }

    func singular(_ w: String) -> String {
        if let v = singulars[w] { return v }
        let v = TermNormalizer.singular(w)
        singulars[w] = v
        return v
    }
}
