/// Substring search over Unicode scalars, so that every offset is a chunk offset (what
/// PostgreSQL counts as characters).
enum ScalarSearch {
    /// Lowercases scalar by scalar, keeping the count: a scalar whose lowercase is not one
    /// scalar ("İ") is kept as is.
    static func fold(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        scalars.map { s in
            let lower = s.properties.lowercaseMapping.unicodeScalars
            return lower.count == 1 ? lower.first! : s
        }
    }

    /// Where `needle` (trimmed) occurs in `haystack`: verbatim first, else with every run of
    /// whitespace on either side read as one space (a model re-wraps lines). The range is in
    /// `haystack`'s offsets.
    static func locate(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> Range<Int>? {
        var n = needle[...]
        while let f = n.first, f.properties.isWhitespace { n = n.dropFirst() }
        while let l = n.last, l.properties.isWhitespace { n = n.dropLast() }
        guard !n.isEmpty else { return nil }
        if let i = firstIndex(of: Array(n), in: haystack[...]) { return i..<(i + n.count) }
        let (h, map) = collapsed(haystack)
        let (m, _) = collapsed(Array(n))
        guard !m.isEmpty, let i = firstIndex(of: m, in: h[...]) else { return nil }
        return map[i]..<(map[i + m.count - 1] + 1)
    }

    /// Whitespace runs as one space, with each kept scalar's offset in the input.
    static func collapsed(_ s: [Unicode.Scalar]) -> ([Unicode.Scalar], [Int]) {
        var out: [Unicode.Scalar] = []
        var map: [Int] = []
        out.reserveCapacity(s.count)
        map.reserveCapacity(s.count)
        for (i, c) in s.enumerated() {
            if c.properties.isWhitespace {
                if out.last != " " { out.append(" "); map.append(i) }
            } else {
                out.append(c)
                map.append(i)
            }
        }
        return (out, map)
    }

    /// The first offset where `needle` starts in `haystack` (absolute offsets).
    static func firstIndex(of needle: [Unicode.Scalar], in haystack: ArraySlice<Unicode.Scalar>) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var i = haystack.startIndex
        let end = haystack.endIndex - needle.count
        while i <= end {
            if haystack[i] == first {
                var k = 1
                while k < needle.count, haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Every whole-word occurrence of `needle` (already folded) in `haystack[within]`:
    /// not preceded or followed by a letter or digit.
    static func occurrences(of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], within: Range<Int>) -> [Range<Int>] {
        guard !needle.isEmpty, within.upperBound <= haystack.count else { return [] }
        var out: [Range<Int>] = []
        var from = within.lowerBound
        while let i = firstIndex(of: needle, in: haystack[from..<within.upperBound]) {
            let end = i + needle.count
            let before = i > 0 ? haystack[i - 1] : " "
            let after = end < haystack.count ? haystack[end] : " "
            if !Tokenizer.isWordScalar(before), !Tokenizer.isWordScalar(after) { out.append(i..<end) }
            from = i + 1
        }
        return out
    }
}
