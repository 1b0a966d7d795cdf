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

/// A String from a slice of scalars. `Unicode.Scalar` is a UInt32 in memory, so this decodes
/// the slice as UTF-32 in one specialised pass (appending scalars one by one to a
/// `UnicodeScalarView` went through unspecialised generic code and dominated chunking time).
@inline(__always) func makeString(_ s: ArraySlice<Unicode.Scalar>) -> String {
    s.withUnsafeBufferPointer { buf in
        buf.withMemoryRebound(to: UInt32.self) { String(decoding: $0, as: UTF32.self) }
    }
}
