/// Splits scientific prose into sentences with Unicode-scalar offsets.
///
/// A boundary is a `.`, `!`, `?` or `…` (plus closing quotes or brackets, and a citation
/// bracket such as `.[12]`) followed by whitespace, unless:
/// - the word before the period is a known abbreviation ("Fig.", "e.g.", "i.e.", "cf.",
///   "vs.", "approx.", "Eq.", "sp."...), or "et al."/"etc." not followed by a capitalised word;
/// - the word before is a single letter (initials, genus abbreviations: "E. coli", "J. Smith");
/// - the next word starts with a lowercase ASCII letter and is all lowercase ("E. coli",
///   "5 mm. and"), whereas "mRNA", "pH" and "p53" may start a sentence.
/// Decimals ("3.5") and dotted abbreviations ("U.S.A") never split, since no space follows the
/// period. A blank line (two newlines) always ends a sentence.
public struct SentenceSplitter: Sendable {
    /// Lowercased abbreviations, without the final period, that never end a sentence.
    public var abbreviations: Set<String>
    /// Lowercased abbreviations that end a sentence only before a capitalised word.
    public var conditionalAbbreviations: Set<String>

    /// Creates a splitter with the default lists plus `extraAbbreviations` (lowercase, no period).
    public init(extraAbbreviations: Set<String> = []) {
        abbreviations = Self.defaultAbbreviations.union(extraAbbreviations)
        conditionalAbbreviations = Self.defaultConditional
    }

    static let defaultAbbreviations: Set<String> = [
        "fig", "figs", "eq", "eqs", "eqn", "eqns", "ref", "refs", "tab", "tabs", "no", "nos", "vol", "vols",
        "pp", "p", "sec", "sect", "ch", "chap", "e.g", "i.e", "cf", "vs", "viz", "approx", "ca", "dr", "mr",
        "mrs", "ms", "prof", "st", "suppl", "var", "subsp", "cv", "resp", "incl", "est", "ed", "eds",
        "gen", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "dept", "univ", "inst", "corp", "mol", "wt", "conc", "temp", "exp", "expt", "ser",
        "n.b", "a.k.a",
    ]
    static let defaultConditional: Set<String> = ["etc", "al", "sp", "spp", "nov", "inc", "ltd", "co", "jr", "sr"]

    private static let shared = SentenceSplitter()

    /// Splits with the default abbreviation lists.
    public static func split(_ text: String) -> [Sentence] { shared.split(text) }

    /// Splits `text` into sentences; whitespace-only input gives none.
    public func split(_ text: String) -> [Sentence] {
        let s = Array(text.unicodeScalars)
        return ranges(in: s[...]).map { Sentence(text: makeString(s[$0]), range: $0) }
    }

    /// Sentence ranges (trimmed, in the slice's own indices) without building their text.
    func ranges(in s: ArraySlice<Unicode.Scalar>) -> [Range<Int>] {
        let n = s.endIndex
        var out: [Range<Int>] = []
        var start = s.startIndex
        func emit(_ lower: Int, _ upper: Int) {
            var a = lower, b = upper
            while a < b && s[a].isSpaceLike { a += 1 }
            while b > a && s[b - 1].isSpaceLike { b -= 1 }
            if a < b { out.append(a..<b) }
        }
        var i = s.startIndex
        while i < n {
            let c = s[i]
            if c == "\n" {
                var k = i + 1
                while k < n && (s[k] == " " || s[k] == "\t" || s[k] == "\r") { k += 1 }
                if k < n && s[k] == "\n" {
                    emit(start, i)
                    start = k + 1
                    i = k + 1
                    continue
                }
            }
            guard Self.isTerminator(c) else { i += 1; continue }
            var j = i + 1
            while j < n && Self.isTerminator(s[j]) { j += 1 }
            while j < n && Self.isCloser(s[j]) { j += 1 }
            if j < n && s[j] == "[", let end = Self.citationEnd(s, from: j) { j = end }
            if j >= n { break }
            guard s[j].isSpaceLike else { i = j; continue }
            var k = j
            while k < n && s[k].isSpaceLike { k += 1 }
            if k >= n { break }
            if isBoundary(s, terminator: i, next: k) {
                emit(start, j)
                start = k
            }
            i = k
        }
        emit(start, n)
        return out
    }

    // MARK: - Rules

    private func isBoundary(_ s: ArraySlice<Unicode.Scalar>, terminator t: Int, next k: Int) -> Bool {
        let next = Self.nextWordShape(s, k)
        if s[t] != "." { return next != .lowercase }
        let word = Self.wordBefore(s, t)
        if word.isEmpty { return next == .capitalised || next == .other }
        let lower = word.lowercased()
        if word.unicodeScalars.count == 1, word.unicodeScalars.first!.properties.isAlphabetic { return false }
        if conditionalAbbreviations.contains(lower) {
            // "et al. (2004)" continues; "... by Smith et al. We then" is a new sentence.
            return next == .capitalised && !(lower == "al" && Self.isFollowedByYear(s, k))
        }
        if abbreviations.contains(lower) { return false }
        if lower.contains(".") && lower.unicodeScalars.allSatisfy({ $0 == "." || $0.properties.isAlphabetic }) {
            return next == .capitalised // "U.S. The": boundary; "U.S. and": not
        }
        return next != .lowercase
    }

    enum Shape { case capitalised, lowercase, mixedStart, digit, other }

    /// The kind of the next word: "The" capitalised, "coli" lowercase, "mRNA"/"pH" mixedStart.
    static func nextWordShape(_ s: ArraySlice<Unicode.Scalar>, _ k: Int) -> Shape {
        let c = s[k]
        if c.properties.isUppercase { return .capitalised }
        if c.properties.numericType != nil { return .digit }
        if c.isASCII && c.properties.isLowercase {
            var i = k + 1
            while i < s.endIndex && !s[i].isSpaceLike {
                let x = s[i]
                if x.properties.isUppercase || x.properties.numericType != nil { return .mixedStart }
                if !x.properties.isAlphabetic { break }
                i += 1
            }
            return .lowercase
        }
        return .other // Greek letters, opening brackets and quotes
    }

    /// The token before position `t` (back to whitespace or an opening bracket).
    static func wordBefore(_ s: ArraySlice<Unicode.Scalar>, _ t: Int) -> String {
        var a = t
        while a > s.startIndex {
            let c = s[a - 1]
            if c.isSpaceLike || c == "(" || c == "[" || c == "\"" || c == "\u{201C}" || c == "/" { break }
            a -= 1
        }
        return makeString(s[a..<t])
    }

    static func isFollowedByYear(_ s: ArraySlice<Unicode.Scalar>, _ k: Int) -> Bool {
        var i = k, digits = 0
        if i < s.endIndex && s[i] == "(" { i += 1 }
        while i < s.endIndex && s[i].properties.numericType != nil { digits += 1; i += 1 }
        return digits == 4
    }

    static func isTerminator(_ c: Unicode.Scalar) -> Bool { c == "." || c == "!" || c == "?" || c == "\u{2026}" }

    static func isCloser(_ c: Unicode.Scalar) -> Bool {
        c == ")" || c == "]" || c == "\"" || c == "'" || c == "\u{201D}" || c == "\u{2019}" || c == "\u{00BB}"
    }

    /// End (exclusive) of a citation bracket such as "[12]", "[3, 5–7]" starting at `j`.
    static func citationEnd(_ s: ArraySlice<Unicode.Scalar>, from j: Int) -> Int? {
        var i = j + 1
        while i < s.endIndex && i - j <= 24 {
            let c = s[i]
            if c == "]" { return i > j + 1 ? i + 1 : nil }
            if !(c.properties.numericType != nil || c == "," || c == " " || c == "-" || c == "\u{2013}") { return nil }
            i += 1
        }
        return nil
    }
}

extension Unicode.Scalar {
    /// `properties.isWhitespace` with an ASCII fast path.
    @inline(__always) var isSpaceLike: Bool { isWhitespace(self) }
}
