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

/// Finds added tokens in text: leftmost match first, the longest token at that position wins
/// (Hugging Face uses Aho-Corasick with `LeftmostLongest`).
struct AddedTokenMatcher: Sendable {
    /// One match: `range` covers the token plus any stripped whitespace, in scalar offsets.
    struct Match { var range: Range<Int>; var id: Int32 }

    private let tokens: [(scalars: [Unicode.Scalar], token: AddedToken)]
    /// Indices into `tokens` by first scalar, longest first.
    private let byFirst: [Unicode.Scalar: [Int]]

    init(_ added: [AddedToken]) {
        let list = added.filter { !$0.content.isEmpty }.map { (Array($0.content.unicodeScalars), $0) }
        var byFirst: [Unicode.Scalar: [Int]] = [:]
        for (i, t) in list.enumerated() { byFirst[t.0[0], default: []].append(i) }
        for k in byFirst.keys { byFirst[k]!.sort { list[$0].0.count > list[$1].0.count } }
        self.tokens = list
        self.byFirst = byFirst
    }

    var isEmpty: Bool { tokens.isEmpty }

    /// All non-overlapping matches in `s`, left to right.
    func matches(in s: [Unicode.Scalar]) -> [Match] {
        guard !tokens.isEmpty else { return [] }
        var out: [Match] = []
        var i = 0
        var lastEnd = 0
        while i < s.count {
            guard let candidates = byFirst[s[i]] else { i += 1; continue }
            var found: Int? = nil
            for c in candidates {
                let t = tokens[c].scalars
                if i + t.count <= s.count && s[i..<(i + t.count)].elementsEqual(t) {
                    let tok = tokens[c].token
                    if tok.singleWord && !isWordBoundary(s, i, i + t.count) { continue }
                    found = c
                    break
                }
            }
            guard let c = found else { i += 1; continue }
            let tok = tokens[c].token
            var start = i, end = i + tokens[c].scalars.count
            if tok.lstrip { while start > lastEnd && s[start - 1].properties.isWhitespace { start -= 1 } }
            if tok.rstrip { while end < s.count && s[end].properties.isWhitespace { end += 1 } }
            out.append(Match(range: start..<end, id: tok.id))
            lastEnd = end
            i = end
        }
        return out
    }

    private func isWordBoundary(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        func isWord(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil }
        if start > 0 && isWord(s[start - 1]) { return false }
        if end < s.count && isWord(s[end]) { return false }
        return true
    }
}
