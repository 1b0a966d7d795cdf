/// One sentence found by `SentenceSplitter`, with where it is in the input.
///
/// Offsets count **Unicode scalars** (code points), as PostgreSQL's `substr` and Python's
/// `str` do, so evidence offsets mean the same in the database and in scripts. Use
/// `String.scalarSlice(_:)` to get the text back from a range.
public struct Sentence: Sendable, Codable, Equatable, Hashable {
    /// The sentence text, without surrounding whitespace.
    public var text: String
    /// Unicode-scalar offsets of `text` in the input: `input.scalarSlice(range) == text`.
    public var range: Range<Int>

    /// Creates a sentence.
    public init(text: String, range: Range<Int>) {
        self.text = text
        self.range = range
    }
}

extension String {
    /// The text between two Unicode-scalar offsets (clamped to the string).
    public func scalarSlice(_ range: Range<Int>) -> String {
        let scalars = unicodeScalars
        let lower = scalars.index(scalars.startIndex, offsetBy: max(0, range.lowerBound), limitedBy: scalars.endIndex) ?? scalars.endIndex
        let upper = scalars.index(lower, offsetBy: max(0, range.count), limitedBy: scalars.endIndex) ?? scalars.endIndex
        return String(scalars[lower..<upper])
    }

    /// Length in Unicode scalars (the unit of all offsets in this module).
    public var scalarCount: Int { unicodeScalars.count }
}

/// A String from a slice of scalars, encoded to UTF-8 by hand into the string's own storage.
/// (`String(decoding:as: UTF32.self)` and appending to a `UnicodeScalarView` both went through
/// slow generic paths and dominated chunking time.)
func makeString(_ s: ArraySlice<Unicode.Scalar>) -> String {
    if s.isEmpty { return "" }
    return String(unsafeUninitializedCapacity: s.count * 4) { buf in
        var n = 0
        for c in s {
            let v = c.value
            if v < 0x80 {
                buf[n] = UInt8(v); n += 1
            } else if v < 0x800 {
                buf[n] = UInt8(0xC0 | (v >> 6)); buf[n + 1] = UInt8(0x80 | (v & 0x3F)); n += 2
            } else if v < 0x10000 {
                buf[n] = UInt8(0xE0 | (v >> 12)); buf[n + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                buf[n + 2] = UInt8(0x80 | (v & 0x3F)); n += 3
            } else {
                buf[n] = UInt8(0xF0 | (v >> 18)); buf[n + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                buf[n + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); buf[n + 3] = UInt8(0x80 | (v & 0x3F)); n += 4
            }
        }
        return n
    }
}
