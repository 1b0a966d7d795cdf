/// A token of a chunk: a word (letters and digits, with inner apostrophes), a number, or one
/// punctuation scalar. Offsets are Unicode scalar offsets into the chunk text.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable { case word, number, punct }
    var text: String
    var kind: Kind
    var start: Int
    var end: Int
    /// Lowercased text.
    var lower: String

    var isWord: Bool { kind == .word }
    var isHyphen: Bool { kind == .punct && (text == "-" || text == "\u{2010}" || text == "\u{2011}") }
}

/// Splits text (as an array of Unicode scalars) into tokens.
enum Tokenizer {
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || s.properties.numericType != nil
    }

    static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s == "\u{2019}" }

    /// Prime marks of a symbol: prime, double prime, and the apostrophes written for them.
    static func isPrime(_ s: Unicode.Scalar) -> Bool { s == "\u{2032}" || s == "\u{2033}" || isApostrophe(s) }

    static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }

    /// True when `scalars[comma+1...comma+3]` are digits and no digit follows ("1,200").
    static func isThousandsGroup(_ s: [Unicode.Scalar], after comma: Int, end: Int) -> Bool {
        guard comma + 3 < end else { return false }
        for k in 1...3 where !isASCIIDigit(s[comma + k]) { return false }
        return comma + 4 >= end || !isASCIIDigit(s[comma + 4])
    }

    /// Tokens of `scalars[range]`.
    static func tokens(_ scalars: [Unicode.Scalar], in range: Range<Int>) -> [Token] {
        var out: [Token] = []
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let s = scalars[i]
            if s.properties.isWhitespace { i += 1; continue }
            if isWordScalar(s) {
                var j = i + 1
                var allDigits = s.properties.numericType != nil && s.isASCII
                while j < end {
                    let c = scalars[j]
                    if isWordScalar(c) {
                        if !(c.isASCII && c.properties.numericType != nil) { allDigits = false }
                        j += 1
                    } else if (isApostrophe(c) || c == ".") && j + 1 < end && isWordScalar(scalars[j + 1]) {
                        // inner apostrophe ("doesn't", "Young's") or decimal point ("3.5")
                        if c == "." && !(allDigits && scalars[j + 1].isASCII && scalars[j + 1].properties.numericType != nil) { break }
                        j += 1
                    } else if c == "," && allDigits && isThousandsGroup(scalars, after: j, end: end) {
                        // thousands separator "1,200"
                        j += 1
                    } else { break }
                }
                // A symbol with primes ("G′", "G″", "G''"): one capital letter and up to two prime
                // marks written against it, nothing word-like after them.
                if j == i + 1, s.properties.isUppercase {
                    var p = j
                    while p < end, p - j < 2, isPrime(scalars[p]) { p += 1 }
                    if p > j, p == end || !isWordScalar(scalars[p]) { j = p }
                }
                let text = String(String.UnicodeScalarView(scalars[i..<j]))
                out.append(Token(text: text, kind: allDigits ? .number : .word, start: i, end: j, lower: text.lowercased()))
                i = j
            } else {
                let text = String(s)
                out.append(Token(text: text, kind: .punct, start: i, end: i + 1, lower: text))
                i += 1
            }
        }
        return out
    }
}

extension Array where Element == Unicode.Scalar {
    /// The text of `self[range]`.
    func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(self[range])) }
}
