/// The GPT-2 split of Hugging Face's ByteLevel pre-tokenizer (`use_regex: true`), written by hand
/// over Unicode scalars instead of with a regex engine:
///
///     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
///
/// Alternatives are tried in that order at each position (leftmost-first, as Oniguruma does).
/// `\s` is Unicode White_Space (U+0009...U+000D, U+0085 and the Zs/Zl/Zp categories, which is
/// Oniguruma's `\s`), `\p{L}` is the Letter categories and `\p{N}` the Number categories.
/// The optional prefix in ` ?` is U+0020 only. `\s+(?!\S)` takes a run of whitespace but leaves its
/// last scalar for the next piece when a non-space follows, so " word" keeps its space.
public enum GPT2PreTokenizer {
    /// The class of a scalar as the split pattern sees it.
    enum Class: UInt8 { case letter, number, space, other }

    /// ASCII classes, indexed by scalar value < 128.
    private static let asciiClass: [Class] = (0..<128).map { v -> Class in
        switch v {
        case 0x41...0x5A, 0x61...0x7A: return .letter
        case 0x30...0x39: return .number
        case 0x09...0x0D, 0x20: return .space
        default: return .other
        }
    }

    /// The class of one scalar.
    static func classify(_ s: Unicode.Scalar) -> Class {
        if s.value < 128 { return asciiClass[Int(s.value)] }
        let p = s.properties
        if p.isWhitespace { return .space }
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return .other
        }
    }

    /// Splits `text` into pre-tokens (their concatenation is `text`).
    public static func split(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var out: [String] = []
        var scan = Scan()
        scan.forEachPiece(bytes, 0..<bytes.count) { r in
            out.append(String(decoding: bytes[r], as: UTF8.self))
        }
        return out
    }

    /// Per-scalar view of one UTF-8 segment, with buffers reused across calls.
    struct Scan {
        /// Byte offset of each scalar, plus the end offset. [n + 1]
        var starts: [Int] = []
        /// Class of each scalar. [n]
        var cls: [Class] = []
        /// The scalar's byte when it is ASCII, else 0x80. [n]
        var ascii: [UInt8] = []

        /// Calls `body` with the byte range of each piece of `bytes[range]` (valid UTF-8), in order.
        mutating func forEachPiece(_ bytes: [UInt8], _ range: Range<Int>, _ body: (Range<Int>) -> Void) {
            guard !range.isEmpty else { return }
            starts.removeAll(keepingCapacity: true)
            cls.removeAll(keepingCapacity: true)
            ascii.removeAll(keepingCapacity: true)
            var i = range.lowerBound
            let end = range.upperBound
            while i < end {
                let b = bytes[i]
                starts.append(i)
                if b < 0x80 {
                    cls.append(asciiClass[Int(b)])
                    ascii.append(b)
                    i += 1
                    continue
                }
                var v: UInt32
                var len: Int
                if b < 0xE0 { v = UInt32(b & 0x1F); len = 2 } else if b < 0xF0 { v = UInt32(b & 0x0F); len = 3 } else { v = UInt32(b & 0x07); len = 4 }
                for k in 1..<len { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
                cls.append(classify(Unicode.Scalar(v) ?? "\u{FFFD}"))
                ascii.append(0x80)
                i += len
            }
            starts.append(end)
            let n = cls.count
            var p = 0
            while p < n {
                let len = pieceLength(ascii, cls, p, n)
                body(starts[p]..<starts[p + len])
                p += len
            }
        }
    }

    /// The length in scalars of the piece that starts at scalar `i` (at least 1). `a[i]` is the
    /// scalar's value when ASCII (else 0x80), `cls[i]` its class.
    @inline(__always)
    static func pieceLength(_ a: [UInt8], _ cls: [Class], _ i: Int, _ end: Int) -> Int {
        let c = a[i]
        // 's|'t|'re|'ve|'m|'ll|'d (case-sensitive)
        if c == 0x27, i + 1 < end {
            let n1 = a[i + 1]
            if n1 == 0x73 || n1 == 0x74 || n1 == 0x6D || n1 == 0x64 { return 2 }   // s t m d
            if i + 2 < end {
                let n2 = a[i + 2]
                if (n1 == 0x72 && n2 == 0x65) || (n1 == 0x76 && n2 == 0x65) || (n1 == 0x6C && n2 == 0x6C) {
                    return 3                                                        // re ve ll
                }
            }
        }
        // ` ?X+` for X in letters, numbers, other (not space): the space joins a following run.
        var j = i
        if c == 0x20, i + 1 < end, cls[i + 1] != .space { j = i + 1 }
        let k = cls[j]
        if k != .space {
            var e = j + 1
            while e < end && cls[e] == k { e += 1 }
            return e - i
        }
        // \s+(?!\S) | \s+
        var e = i + 1
        while e < end && cls[e] == .space { e += 1 }
        if e == end || e - i == 1 { return e - i }
        return e - i - 1
    }
}
