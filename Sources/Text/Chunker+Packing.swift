/// Sentence units and greedy packing.
extension Chunker {
    /// A sentence, table row or word-split piece: the atom of packing.
    struct Unit {
        var range: Range<Int>
        var tokens: Int
        var blockIndex: Int
    }

    /// Units of one block: sentences (prose, captions) or lines (tables), with over-long ones
    /// split at word boundaries. `r` is the block's range in the section text.
    func units(of block: TextBlock, in r: Range<Int>, scalars: [Unicode.Scalar], blockIndex: Int) -> [Unit] {
        var spans: [Range<Int>] = []
        if block.kind == .table {
            var start = r.lowerBound
            for i in r where scalars[i] == "\n" {
                spans.append(start..<i)
                start = i + 1
            }
            spans.append(start..<r.upperBound)
            spans = spans.compactMap { trim($0, scalars) }
        } else {
            spans = splitter.ranges(in: scalars[r])
        }
        var out: [Unit] = []
        for span in spans {
            let tokens = tokenCounter(Self.string(scalars[span]))
            if tokens <= config.targetTokens {
                out.append(Unit(range: span, tokens: tokens, blockIndex: blockIndex))
            } else {
                out += splitLong(span, scalars: scalars, blockIndex: blockIndex)
            }
        }
        return out
    }

    /// Splits an over-long span at word boundaries into pieces of at most `targetTokens`.
    func splitLong(_ span: Range<Int>, scalars: [Unicode.Scalar], blockIndex: Int) -> [Unit] {
        // Word ranges (maximal runs of non-whitespace).
        var words: [Range<Int>] = []
        var i = span.lowerBound
        while i < span.upperBound {
            while i < span.upperBound && isWhitespace(scalars[i]) { i += 1 }
            let s = i
            while i < span.upperBound && !isWhitespace(scalars[i]) { i += 1 }
            if s < i { words.append(s..<i) }
        }
        var out: [Unit] = []
        var current: Range<Int>?
        var currentTokens = 0
        for w in words {
            let wordTokens = tokenCounter(Self.string(scalars[w]))
            if wordTokens > config.targetTokens {
                // One enormous "word" (a sequence, a URL): cut by characters.
                if let c = current { out.append(Unit(range: c, tokens: currentTokens, blockIndex: blockIndex)); current = nil }
                out += splitCharacters(w, scalars: scalars, blockIndex: blockIndex)
                continue
            }
            if let c = current {
                let joined = c.lowerBound..<w.upperBound
                let t = tokenCounter(Self.string(scalars[joined]))
                if t <= config.targetTokens { current = joined; currentTokens = t; continue }
                out.append(Unit(range: c, tokens: currentTokens, blockIndex: blockIndex))
            }
            current = w
            currentTokens = wordTokens
        }
        if let c = current { out.append(Unit(range: c, tokens: currentTokens, blockIndex: blockIndex)) }
        return out
    }

    private func splitCharacters(_ w: Range<Int>, scalars: [Unicode.Scalar], blockIndex: Int) -> [Unit] {
        var out: [Unit] = []
        var start = w.lowerBound
        while start < w.upperBound {
            // Binary search the longest prefix within the budget (at least one scalar).
            var lo = start + 1, hi = w.upperBound
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if tokenCounter(Self.string(scalars[start..<mid])) <= config.targetTokens { lo = mid } else { hi = mid - 1 }
            }
            out.append(Unit(range: start..<lo, tokens: tokenCounter(Self.string(scalars[start..<lo])), blockIndex: blockIndex))
            start = lo
        }
        return out
    }

    /// Greedy packing of units into chunks of at most `targetTokens` (sum of unit counts),
    /// each chunk after the first starting with the last `overlap` units of the previous one
    /// when they fit. The chunk's own count is checked against `maxTokens`.
    func pack(_ units: [Unit], overlap: Int, scalars: [Unicode.Scalar]) -> [(units: [Unit], tokens: Int)] {
        var out: [[Unit]] = []
        var current: [Unit] = []
        var tokens = 0
        var fresh = 0 // units in `current` not carried over from the previous chunk
        for u in units {
            if !current.isEmpty && tokens + u.tokens > config.targetTokens {
                if fresh > 0 { out.append(current) }
                let carried = overlap > 0 ? Array(current.suffix(overlap)) : []
                let carriedTokens = carried.reduce(0) { $0 + $1.tokens }
                if fresh > 0 && !carried.isEmpty && carriedTokens + u.tokens <= config.targetTokens {
                    current = carried
                    tokens = carriedTokens
                } else {
                    current = []
                    tokens = 0
                }
                fresh = 0
            }
            current.append(u)
            tokens += u.tokens
            fresh += 1
        }
        if fresh > 0 { out.append(current) }
        return out.flatMap { enforceMax($0, scalars: scalars) }
    }

    /// Counting the joined text can exceed the sum of its parts (a real tokenizer, or the
    /// rounding of the estimate): split in halves until every chunk is within `maxTokens`.
    private func enforceMax(_ units: [Unit], scalars: [Unicode.Scalar]) -> [(units: [Unit], tokens: Int)] {
        if units.count == 1 { return [(units, units[0].tokens)] }
        let range = units.first!.range.lowerBound..<units.last!.range.upperBound
        let tokens = tokenCounter(Self.string(scalars[range]))
        if tokens <= config.maxTokens { return [(units, tokens)] }
        let mid = units.count / 2
        return enforceMax(Array(units[..<mid]), scalars: scalars) + enforceMax(Array(units[mid...]), scalars: scalars)
    }

    private func trim(_ r: Range<Int>, _ scalars: [Unicode.Scalar]) -> Range<Int>? {
        var a = r.lowerBound, b = r.upperBound
        while a < b && isWhitespace(scalars[a]) { a += 1 }
        while b > a && isWhitespace(scalars[b - 1]) { b -= 1 }
        return a < b ? a..<b : nil
    }
}

/// `properties.isWhitespace` with an ASCII fast path (property lookups are slow).
@inline(__always) func isWhitespace(_ c: Unicode.Scalar) -> Bool {
    let v = c.value
    if v < 128 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
    return c.properties.isWhitespace
}
