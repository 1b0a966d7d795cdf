/// Accumulates readable text as UTF-8 bytes while collapsing whitespace: any run of ASCII
/// whitespace, no-break or typographic spaces (U+00A0, U+2000-U+200A, U+202F, U+3000) becomes one
/// space; zero-width spaces (U+200B) and soft hyphens (U+00AD) are dropped; no leading or trailing
/// space is ever produced.
struct TextBuffer {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false

    init() { bytes.reserveCapacity(256) }

    var isEmpty: Bool { bytes.isEmpty }

    /// Requests a word break before the next text (ignored at the start).
    mutating func space() { pendingSpace = true; pendingSoft = false }

    /// Requests a word break that is dropped when the next text starts with closing punctuation
    /// (after an element such as `<given-names>J</given-names>.`).
    mutating func softSpace() {
        if !pendingSpace { pendingSpace = true; pendingSoft = true }
    }
    private var pendingSoft = false

    /// True when the last byte written ends a word (no pending space, last is non-space).
    var lastByte: UInt8? { bytes.last }

    /// Appends a NUL-terminated UTF-8 C string. Runs of ordinary bytes are copied in bulk;
    /// whitespace and the folded Unicode spaces are handled one at a time.
    mutating func append(_ p: UnsafePointer<UInt8>) {
        var i = 0
        while true {
            let b = p[i]
            if b == 0 { return }
            if isSpaceByte(b) { pendingSpace = true; pendingSoft = false; i += 1; continue }
            let special = specialLength(p, i)
            if special > 0 {
                if special < 0 { i -= special } else { pendingSpace = true; pendingSoft = false; i += special }
                continue
            }
            var j = i + 1
            while true {
                let c = p[j]
                if c == 0 || isSpaceByte(c) { break }
                if c >= 0xC2 && c <= 0xE3 && specialLength(p, j) != 0 { break }
                j += 1
            }
            flushSpace(before: b)
            bytes.append(contentsOf: UnsafeBufferPointer(start: p + i, count: j - i))
            i = j
        }
    }

    /// For a folded sequence at `i`: its length when it is a space (U+00A0, U+2000-U+200A,
    /// U+202F, U+3000), minus its length when it is dropped (U+00AD, U+200B); else 0.
    @inline(__always) private func specialLength(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int {
        let b = p[i]
        if b == 0xC2 {
            let b1 = p[i + 1]
            if b1 == 0xA0 { return 2 }
            if b1 == 0xAD { return -2 }
        } else if b == 0xE2 {
            if p[i + 1] == 0x80 {
                let b2 = p[i + 2]
                if (b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xAF { return 3 }
                if b2 == 0x8B { return -3 }
            }
        } else if b == 0xE3 {
            if p[i + 1] == 0x80 && p[i + 2] == 0x80 { return 3 }
        }
        return 0
    }

    /// Appends Swift text with the same folding.
    mutating func append(_ s: String) {
        s.withCString { append(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) }
    }

    private func needsPunctuationCleanup() -> Bool {
        bytes.withUnsafeBufferPointer { buf in
            var prev: UInt8 = 0
            for b in buf {
                if prev == 0x20 && (b == 0x2C || b == 0x3B || b == 0x29 || b == 0x5D) { return true }
                if b == 0x20 && (prev == 0x28 || prev == 0x5B) { return true }
                prev = b
            }
            return false
        }
    }

    private mutating func flushSpace(before b: UInt8 = 0x41) {
        if pendingSpace {
            let closing = b == 0x2E || b == 0x2C || b == 0x3B || b == 0x3A || b == 0x29 || b == 0x5D || b == 0x21 || b == 0x3F
            if !bytes.isEmpty && !(pendingSoft && closing) { bytes.append(0x20) }
            pendingSpace = false
            pendingSoft = false
        }
    }

    /// Appends ASCII text directly after the last byte (no pending space is written).
    mutating func appendRaw(_ s: StaticString) {
        pendingSpace = false
        pendingSoft = false
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// The text so far, with stray spaces that markup leaves around punctuation removed:
    /// "GCTA 8 , we" -> "GCTA 8, we", "( a)" -> "(a)", "x ]" -> "x]".
    var string: String {
        guard bytes.count > 1, needsPunctuationCleanup() else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x20 {
                let next: UInt8 = i + 1 < n ? bytes[i + 1] : 0
                let prev: UInt8 = out.last ?? 0
                if next == 0x2C || next == 0x3B || next == 0x29 || next == 0x5D { i += 1; continue }
                if prev == 0x28 || prev == 0x5B { i += 1; continue }
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text, or nil when empty.
    var nonEmpty: String? { bytes.isEmpty ? nil : string }
}
