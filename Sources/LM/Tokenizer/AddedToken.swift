/// A token matched in raw text before pre-tokenisation and never split (Hugging Face `AddedToken`).
public struct AddedToken: Sendable, Hashable, Codable {
    /// The token's id.
    public var id: Int32
    /// The exact text that is matched.
    public var content: String
    /// Only match when not inside a word (no letter, digit or `_` right before or after).
    public var singleWord: Bool
    /// Swallow the whitespace to the left of a match.
    public var lstrip: Bool
    /// Swallow the whitespace to the right of a match.
    public var rstrip: Bool
    /// Matched after normalisation (no effect here: byte-level tokenizers have no normalizer).
    public var normalized: Bool
    /// A special token: skipped by `decode(_:skipSpecialTokens: true)`.
    public var special: Bool

    /// A special token with the Hugging Face defaults for special tokens.
    public init(id: Int32, content: String, singleWord: Bool = false, lstrip: Bool = false,
                rstrip: Bool = false, normalized: Bool = false, special: Bool = true) {
        self.id = id
        self.content = content
        self.singleWord = singleWord
        self.lstrip = lstrip
        self.rstrip = rstrip
        self.normalized = normalized
        self.special = special
    }

    enum CodingKeys: String, CodingKey {
        case id, content, lstrip, rstrip, normalized, special
        case singleWord = "single_word"
    }
}

/// Finds added tokens in UTF-8 text: leftmost match first, the longest token at that position
/// wins (Hugging Face uses Aho-Corasick with `LeftmostLongest`). A byte table of first bytes makes
/// text without any candidate cost one lookup per byte.
struct AddedTokenMatcher: Sendable {
    /// One match: `range` covers the token plus any stripped whitespace, in byte offsets.
    struct Match { var range: Range<Int>; var id: Int32 }

    private let tokens: [(bytes: [UInt8], token: AddedToken)]
    /// Indices into `tokens` by first byte, longest first. [256]
    private let byFirst: [[Int]]

    init(_ added: [AddedToken]) {
        let list = added.filter { !$0.content.isEmpty }.map { (Array($0.content.utf8), $0) }
        var byFirst = [[Int]](repeating: [], count: 256)
        for (i, t) in list.enumerated() { byFirst[Int(t.0[0])].append(i) }
        for k in 0..<256 { byFirst[k].sort { list[$0].0.count > list[$1].0.count } }
        self.tokens = list
        self.byFirst = byFirst
    }

    var isEmpty: Bool { tokens.isEmpty }

    /// All non-overlapping matches in `s[range]` (valid UTF-8), left to right.
    func matches(in s: [UInt8], _ range: Range<Int>? = nil) -> [Match] {
        guard !tokens.isEmpty else { return [] }
        var out: [Match] = []
        var i = range?.lowerBound ?? 0
        var lastEnd = i
        let n = range?.upperBound ?? s.count
        while i < n {
            let candidates = byFirst[Int(s[i])]
            if candidates.isEmpty { i += 1; continue }
            var found: Int? = nil
            for c in candidates {
                let t = tokens[c].bytes
                if i + t.count <= n && s[i..<(i + t.count)].elementsEqual(t) { found = c; break }
            }
            guard let c = found else { i += 1; continue }
            let tok = tokens[c].token
            // As in `tokenizers`: a single-word token inside a word is dropped and the scan goes
            // on after it (no shorter token is tried at the same place).
            if tok.singleWord && !isWordBoundary(s, i, i + tokens[c].bytes.count, range?.lowerBound ?? 0, n) {
                i += tokens[c].bytes.count
                continue
            }
            var start = i, end = i + tokens[c].bytes.count
            if tok.lstrip {
                while start > lastEnd, let (u, len) = scalar(before: start, in: s), u.properties.isWhitespace { start -= len }
            }
            if tok.rstrip {
                while end < n, let (u, len) = scalar(at: end, in: s), u.properties.isWhitespace { end += len }
            }
            out.append(Match(range: start..<end, id: tok.id))
            lastEnd = end
            i = end
        }
        return out
    }

    /// True when no word character (alphanumeric or `_`) touches `s[start..<end]` inside `lo..<hi`.
    private func isWordBoundary(_ s: [UInt8], _ start: Int, _ end: Int, _ lo: Int, _ hi: Int) -> Bool {
        func isWord(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil }
        if start > lo, let (u, _) = scalar(before: start, in: s), isWord(u) { return false }
        if end < hi, let (u, _) = scalar(at: end, in: s), isWord(u) { return false }
        return true
    }
}

/// The scalar that starts at byte `i` of valid UTF-8, and its length; nil at the end.
func scalar(at i: Int, in s: [UInt8]) -> (Unicode.Scalar, Int)? {
    guard i < s.count else { return nil }
    let b = s[i]
    if b < 0x80 { return (Unicode.Scalar(b), 1) }
    var v: UInt32, len: Int
    if b < 0xE0 { v = UInt32(b & 0x1F); len = 2 } else if b < 0xF0 { v = UInt32(b & 0x0F); len = 3 } else { v = UInt32(b & 0x07); len = 4 }
    guard i + len <= s.count else { return nil }
    for k in 1..<len { v = v << 6 | UInt32(s[i + k] & 0x3F) }
    return Unicode.Scalar(v).map { ($0, len) }
}

/// The scalar that ends just before byte `i` of valid UTF-8, and its length; nil at the start.
func scalar(before i: Int, in s: [UInt8]) -> (Unicode.Scalar, Int)? {
    guard i > 0 else { return nil }
    var j = i - 1
    while j > 0 && s[j] & 0xC0 == 0x80 { j -= 1 }
    return scalar(at: j, in: s)
}
