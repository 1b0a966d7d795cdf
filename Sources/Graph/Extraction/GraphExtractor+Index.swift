import Foundation

/// Building the per-paper term index: lexicon, then keywords, abbreviations, noun phrases.
extension GraphExtractor {
    /// The entity type suggested by a name's head word when the lexicon knows it ("bone morphogenetic
    /// protein" -> protein); otherwise `concept`.
    func headType(_ name: String, index: TermIndex) -> EntityType {
        guard let head = TermNormalizer.key(name).split(separator: " ").last.map(String.init),
              let t = index.target(forKey: head), t.source == .lexicon else { return .concept }
        return t.type
    }

    func buildIndex(paper: PaperInput, sentences: [Sentence], scalarsByChunk: [Int: [Unicode.Scalar]],
                    builder: inout EntityTable, cache: WordCache) -> TermIndex {
        var index = baseIndex
        // 1. Keywords.
        for raw in paper.keywords {
            let kw = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            let key = TermNormalizer.key(kw)
            guard !key.isEmpty, key.split(separator: " ").count <= 6 else { continue }
            let existing = Lexicon.isAcronym(kw) ? index.target(forAcronym: kw) : index.target(forKey: key)
            let t = existing ?? TermTarget(key: key, name: kw, type: headType(kw, index: index), source: .keyword)
            let eff = index.add(name: kw, target: t)
            builder.declare(eff, alias: Alias(text: kw, key: key, source: .keyword, paperKey: paper.paperKey))
        }
        // 2. Abbreviations defined in the text ("hydroxyapatite (HAp)"); the first definition wins.
        var defined = Set<String>()
        for s in sentences {
            let text = scalarsByChunk[s.chunk]!.text(s.range)
            for d in AbbreviationFinder.definitions(in: text) where defined.insert(d.short).inserted {
                let longKey = TermNormalizer.key(d.long)
                guard !longKey.isEmpty else { continue }
                let t = index.target(forKey: longKey)
                    ?? TermTarget(key: longKey, name: d.long, type: headType(d.long, index: index), source: .abbreviation)
                let eff = index.add(name: d.long, target: t)
                index.define(short: d.short, target: eff)
                builder.alias(eff, Alias(text: d.short, key: TermNormalizer.key(d.short), source: .abbreviation,
                                         paperKey: paper.paperKey))
            }
        }
        // 3. Noun phrases recurring in >= nounPhraseMinChunks chunks that contain no lexicon term.
        guard options.nounPhrases else { return index }
        var chunksByKey: [String: Set<Int>] = [:]
        var surfaceCount: [String: [String: Int]] = [:]
        for s in sentences {
            let scalars = scalarsByChunk[s.chunk]!
            for c in NounPhraseMiner.candidates(s.tokens, scalars: scalars, cache: cache) {
                chunksByKey[c.key, default: []].insert(s.chunk)
                surfaceCount[c.key, default: [:]][c.surface, default: 0] += 1
            }
        }
        for key in chunksByKey.keys.sorted() where chunksByKey[key]!.count >= options.nounPhraseMinChunks {
            guard index.target(forKey: key) == nil,
                  let surface = surfaceCount[key]!.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { continue }
            let sc = Array(surface.unicodeScalars)
            if !MentionMatcher.match(Tokenizer.tokens(sc, in: 0..<sc.count), scalars: sc, index: baseIndex, cache: cache).isEmpty {
                continue
            }
            index.add(name: surface, target: TermTarget(key: key, name: surface, type: .concept, source: .nounPhrase))
        }
        return index
    }
}
