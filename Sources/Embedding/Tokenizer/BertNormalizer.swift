import Foundation

/// BERT text normalisation and pre-tokenisation, matching Hugging Face `tokenizers`'
/// `BertNormalizer` followed by `BertPreTokenizer`:
///
/// 1. clean text: drop NUL, U+FFFD and control/format/unassigned/private-use characters
///    (`\t`, `\n`, `\r` excepted); map every whitespace character to a space;
/// 2. put spaces around CJK ideographs so each becomes its own word;
/// 3. strip accents: NFD, then drop non-spacing marks (category Mn);
/// 4. lowercase, character by character (full Unicode mapping, no final-sigma rule);
/// 5. split on whitespace, and isolate every punctuation character as its own word.
public struct BertNormalizer: Sendable, Equatable {
    /// Step 1 (default true).
    public var cleanText: Bool
    /// Step 2 (default true).
    public var handleChineseChars: Bool
    /// Step 3 (default: same as `lowercase`, as in `tokenizers` when `strip_accents` is null).
    public var stripAccents: Bool
    /// Step 4 (default true: all-MiniLM-L6-v2 is uncased).
    public var lowercase: Bool

    /// The uncased BERT defaults.
    public init(cleanText: Bool = true, handleChineseChars: Bool = true, stripAccents: Bool? = nil, lowercase: Bool = true) {
        self.cleanText = cleanText
        self.handleChineseChars = handleChineseChars
        self.stripAccents = stripAccents ?? lowercase
        self.lowercase = lowercase
    }

    /// Steps 1-4: the normalised text as Unicode scalars.
    public func normalize(_ text: Substring) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count + 8)
        var ascii = true
        for s in text.unicodeScalars {
            if cleanText {
                if s.value == 0 || s.value == 0xFFFD || Self.isControl(s) { continue }
                if Self.isWhitespace(s) { out.append(" "); continue }
            }
            if s.isASCII {
                out.append(s)
            } else {
                ascii = false
                if handleChineseChars && Self.isChineseChar(s) {
                    out.append(" "); out.append(s); out.append(" ")
                } else {
                    out.append(s)
                }
            }
        }
        if ascii {
            // Fast path: NFD and Mn-stripping are identities on ASCII; lowercase is a shift.
            if lowercase {
                for i in out.indices where out[i].value >= 65 && out[i].value <= 90 {
                    out[i] = Unicode.Scalar(out[i].value + 32)!
                }
            }
            return out
        }
        if stripAccents {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: out)
            let decomposed = String(view).decomposedStringWithCanonicalMapping
            out = decomposed.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
        }
        if lowercase {
            var lowered: [Unicode.Scalar] = []
            lowered.reserveCapacity(out.count)
            for s in out {
                if s.isASCII {
                    lowered.append(s.value >= 65 && s.value <= 90 ? Unicode.Scalar(s.value + 32)! : s)
                } else {
                    lowered.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
                }
            }
            out = lowered
        }
        return out
    }

    /// Step 5 over normalised scalars: calls `body` with each word, in order.
    public func forEachWord(in scalars: [Unicode.Scalar], _ body: (ArraySlice<Unicode.Scalar>) -> Void) {
        var start = 0
        for (i, s) in scalars.enumerated() {
            if Self.isWhitespace(s) {
                if start < i { body(scalars[start..<i]) }
                start = i + 1
            } else if Self.isPunctuation(s) {
                if start < i { body(scalars[start..<i]) }
                body(scalars[i...i])
                start = i + 1
            }
        }
        if start < scalars.count { body(scalars[start...]) }
    }

    // MARK: Character classes (as in tokenizers/src/normalizers/bert.rs and pre_tokenizers/bert.rs)

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0x0A, 0x0D: return true
        case 0..<0x80: return false
        default: return s.properties.isWhitespace
        }
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x20..<0x7F: return false
        default:
            switch s.properties.generalCategory {
            case .control, .format, .unassigned, .privateUse, .surrogate: return true
            default: return false
            }
        }
    }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v)
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func isChineseChar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
