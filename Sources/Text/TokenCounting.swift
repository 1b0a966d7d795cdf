/// Counts the tokens of a text for the chunk budget. The Embedding module's WordPiece
/// tokenizer can be passed in: `Chunker(config, tokenCounter: { tokenizer.encode($0).count })`.
public typealias TokenCounter = @Sendable (String) -> Int

/// Token-count estimates used when no tokenizer is given.
public enum TokenEstimate {
    /// A conservative estimate of BERT uncased WordPiece tokens (all-MiniLM-L6-v2's
    /// tokenizer), without special tokens.
    ///
    /// Mirrors BERT's pre-tokenizer (split on whitespace, then every punctuation character and
    /// CJK character is a token) and estimates word pieces from each word's length and shape,
    /// then multiplies by a safety factor. Calibrated against the real tokenizer on the
    /// paragraphs and table cells of ../shared/jats/papers (see `scripts/calibrate_token_estimate.py`
    /// and docs/benchmarks.md): it overcounts typical prose (median ratio about 1.2) so that it
    /// seldom undercounts; long runs of rare names (species lists, author lists) are the
    /// worst case.
    public static let wordPiece: TokenCounter = { text in estimateWordPieces(text) }

    /// Multiplier applied to the raw estimate; see `wordPiece`.
    public static let safetyFactor = 1.15

    /// The estimate behind `wordPiece`, rounded up.
    public static func estimateWordPieces(_ text: String) -> Int {
        var total = 0.0
        var word: [Unicode.Scalar] = []
        word.reserveCapacity(32)
        func flush() {
            if !word.isEmpty { total += wordEstimate(word); word.removeAll(keepingCapacity: true) }
        }
        for c in text.unicodeScalars {
            if c.properties.isWhitespace {
                flush()
            } else if isBertPunctuation(c) || isCJK(c) {
                flush()
                total += 1
            } else {
                word.append(c)
            }
        }
        flush()
        return Int((total * safetyFactor).rounded(.up))
    }

    /// Estimated pieces of one word (no whitespace or punctuation inside).
    static func wordEstimate(_ w: [Unicode.Scalar]) -> Double {
        let n = w.count
        if n == 1 { return 1 }
        var letters = true, digits = true, ascii = true
        for c in w {
            if !c.isASCII { ascii = false }
            let isLetter = c.properties.isAlphabetic
            let isDigit = c.properties.numericType != nil && c.isASCII
            if !isLetter { letters = false }
            if !isDigit { digits = false }
        }
        let L = Double(n)
        if letters && ascii {
            var est = n <= 6 ? 1.0 : 1.0 + (L - 6) / 4
            // Capitalised long words are mostly names (genera, places, people), which
            // WordPiece splits finely: "Rubrobacter" -> rub ##ro ##ba ##cter.
            if n >= 7, w[0].properties.isUppercase, !w[1].properties.isUppercase { est = max(est, L / 3) }
            return est
        }
        if digits { return n <= 2 ? 1 : n <= 4 ? 2 : L / 2 }
        return max(1, 0.7 * L)
    }

    /// BERT's `_is_punctuation`: ASCII symbol ranges and Unicode P* categories.
    static func isBertPunctuation(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    static func isCJK(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
