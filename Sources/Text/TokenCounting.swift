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
        var word = WordShape()
        for c in text.unicodeScalars {
            let v = c.value
            if v < 128 {
                // ASCII fast path (most scientific text): a table instead of Unicode properties.
                switch asciiClass[Int(v)] {
                case 0: if word.count > 0 { total += word.estimate; word = WordShape() }
                case 1:
                    if word.count > 0 { total += word.estimate; word = WordShape() }
                    total += 1
                case 2: word.add(letter: true, upper: true, digit: false, ascii: true)
                case 3: word.add(letter: true, upper: false, digit: false, ascii: true)
                case 4: word.add(letter: false, upper: false, digit: true, ascii: true)
                default: word.add(letter: false, upper: false, digit: false, ascii: true)
                }
            } else if c.properties.isWhitespace {
                if word.count > 0 { total += word.estimate; word = WordShape() }
            } else if isBertPunctuation(c) || isCJK(c) {
                if word.count > 0 { total += word.estimate; word = WordShape() }
                total += 1
            } else {
                word.add(letter: c.properties.isAlphabetic, upper: c.properties.isUppercase, digit: false, ascii: false)
            }
        }
        if word.count > 0 { total += word.estimate }
        return Int((total * safetyFactor).rounded(.up))
    }

    /// 0 whitespace, 1 punctuation, 2 upper, 3 lower, 4 digit, 5 other (controls).
    private static let asciiClass: [UInt8] = (0..<128).map { v -> UInt8 in
        let c = Unicode.Scalar(UInt8(v))
        if c == " " || c == "\t" || c == "\n" || c == "\r" || v == 0x0B || v == 0x0C { return 0 }
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return 1 }
        if (65...90).contains(v) { return 2 }
        if (97...122).contains(v) { return 3 }
        if (48...57).contains(v) { return 4 }
        return 5
    }

    /// What the estimate needs to know about a word, gathered scalar by scalar.
    struct WordShape {
        var count = 0
        var letters = true, digits = true, ascii = true
        var firstUpper = false, secondUpper = false

        mutating func add(letter: Bool, upper: Bool, digit: Bool, ascii isASCII: Bool) {
            if count == 0 { firstUpper = upper } else if count == 1 { secondUpper = upper }
            count += 1
            if !letter { letters = false }
            if !digit { digits = false }
            if !isASCII { ascii = false }
        }

        /// Estimated word pieces (see `TokenEstimate.wordPiece` for the calibration).
        var estimate: Double {
            let n = count
            if n == 1 { return 1 }
            let L = Double(n)
            if letters && ascii {
                var est = n <= 6 ? 1.0 : 1.0 + (L - 6) / 4
                // Capitalised long words are mostly names (genera, places, people), which
                // WordPiece splits finely: "Rubrobacter" -> rub ##ro ##ba ##cter.
                if n >= 7, firstUpper, !secondUpper { est = max(est, L / 3) }
                return est
            }
            if digits { return n <= 2 ? 1 : n <= 4 ? 2 : L / 2 }
            return max(1, 0.7 * L)
        }
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
