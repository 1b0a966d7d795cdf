extension BPETokenizer {
    /// Encodes text to ids: added tokens first (never split), then GPT-2 pre-tokens, then BPE.
    /// No BOS/EOS is added; use `ChatTemplate` for the chat format.
    public func encode(_ text: String) -> [Int32] {
        let scalars = Array(text.unicodeScalars)
        var ids: [Int32] = []
        ids.reserveCapacity(scalars.count / 3 + 4)
        var pos = 0
        for m in matcher.matches(in: scalars) {
            encodeSegment(scalars, pos..<m.range.lowerBound, into: &ids)
            ids.append(m.id)
            pos = m.range.upperBound
        }
        encodeSegment(scalars, pos..<scalars.count, into: &ids)
        return ids
    }

    /// Encodes many texts (convenience; each is independent).
    public func encode(batch texts: [String]) -> [[Int32]] { texts.map(encode) }

    /// Pre-tokenizes one segment without added tokens and appends the BPE ids of each piece.
    func encodeSegment(_ all: [Unicode.Scalar], _ range: Range<Int>, into ids: inout [Int32]) {
        guard !range.isEmpty else { return }
        var scalars = Array(all[range])
        if options.addPrefixSpace && scalars[0] != " " { scalars.insert(" ", at: 0) }
        let classes = scalars.map(GPT2PreTokenizer.classify)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        GPT2PreTokenizer.forEachPiece(scalars, classes, 0..<scalars.count) { r in
            bytes.removeAll(keepingCapacity: true)
            for i in r { appendUTF8(scalars[i], to: &bytes) }
            encodeWord(bytes, into: &ids)
        }
    }

    /// Appends the BPE ids of one pre-token, given as UTF-8 bytes.
    func encodeWord(_ bytes: [UInt8], into ids: inout [Int32]) {
        if bytes.count == 1, byteToID[Int(bytes[0])] >= 0 {
            ids.append(byteToID[Int(bytes[0])])
            return
        }
        if let hit = cache.get(bytes) { ids.append(contentsOf: hit); return }
        let word = bpe(bytes)
        cache.set(bytes, word)
        ids.append(contentsOf: word)
    }

    /// Applies the merges to one word, as `tokenizers`' `Word::merge_all` (no dropout): repeatedly
    /// merge the pair with the lowest (rank, position) until no adjacent pair has a merge.
    func bpe(_ bytes: [UInt8]) -> [Int32] {
        if options.ignoreMerges, let id = vocab[ByteLevel.encode(bytes)] { return [id] }
        // sym[i]: id of the symbol that starts at i, -1 once merged into its left neighbour.
        var sym: [Int32] = []
        sym.reserveCapacity(bytes.count)
        for b in bytes {
            let id = byteToID[Int(b)]
            if id >= 0 {
                sym.append(id)
            } else if let unk = unknownID {
                sym.append(unk)   // no fuse_unk: each unknown byte is its own <unk>
            }
            // else: dropped, as `tokenizers` does without an unk token
        }
        let n = sym.count
        if n < 2 { return sym }
        var next = [Int](unsafeUninitializedCapacity: n) { buf, count in
            for i in 0..<n { buf[i] = i + 1 }
            count = n
        }
        var prev = [Int](unsafeUninitializedCapacity: n) { buf, count in
            for i in 0..<n { buf[i] = i - 1 }
            count = n
        }
        next[n - 1] = -1
        // Min-heap of (rank << 32 | left position).
        var heap = MinHeap(capacity: n)
        for i in 0..<(n - 1) {
            if let m = mergeMap[Self.pairKey(sym[i], sym[i + 1])] {
                heap.push((m >> 32) << 32 | UInt64(i))
            }
        }
        while let top = heap.pop() {
            let rank = top >> 32
            let pos = Int(top & 0xFFFF_FFFF)
            guard sym[pos] >= 0 else { continue }
            let right = next[pos]
            guard right >= 0 else { continue }
            // Skip stale entries: the pair at `pos` must still be the one with this rank.
            guard let m = mergeMap[Self.pairKey(sym[pos], sym[right])], m >> 32 == rank else { continue }
            sym[pos] = Int32(truncatingIfNeeded: m & 0xFFFF_FFFF)
            sym[right] = -1
            let after = next[right]
            next[pos] = after
            if after >= 0 { prev[after] = pos }
            let before = prev[pos]
            if before >= 0, let m2 = mergeMap[Self.pairKey(sym[before], sym[pos])] {
                heap.push((m2 >> 32) << 32 | UInt64(before))
            }
            if after >= 0, let m2 = mergeMap[Self.pairKey(sym[pos], sym[after])] {
                heap.push((m2 >> 32) << 32 | UInt64(pos))
            }
        }
        var out: [Int32] = []
        var i = 0
        while i >= 0 { out.append(sym[i]); i = next[i] }
        return out
    }
}

/// Appends the UTF-8 encoding of `s`.
@inline(__always)
func appendUTF8(_ s: Unicode.Scalar, to bytes: inout [UInt8]) {
    let v = s.value
    switch v {
    case 0..<0x80:
        bytes.append(UInt8(v))
    case 0x80..<0x800:
        bytes.append(UInt8(0xC0 | (v >> 6)))
        bytes.append(UInt8(0x80 | (v & 0x3F)))
    case 0x800..<0x10000:
        bytes.append(UInt8(0xE0 | (v >> 12)))
        bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        bytes.append(UInt8(0x80 | (v & 0x3F)))
    default:
        bytes.append(UInt8(0xF0 | (v >> 18)))
        bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        bytes.append(UInt8(0x80 | (v & 0x3F)))
    }
}

/// A binary min-heap of `UInt64` keys.
struct MinHeap {
    private var a: [UInt64]

    init(capacity: Int) { a = []; a.reserveCapacity(capacity) }

    var isEmpty: Bool { a.isEmpty }

    mutating func push(_ x: UInt64) {
        a.append(x)
        var i = a.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if a[p] <= x { break }
            a[i] = a[p]
            i = p
        }
        a[i] = x
    }

    mutating func pop() -> UInt64? {
        guard let last = a.popLast() else { return nil }
        guard !a.isEmpty else { return last }
        let top = a[0]
        var i = 0
        let n = a.count
        while true {
            let l = 2 * i + 1
            if l >= n { break }
            var c = l
            if l + 1 < n && a[l + 1] < a[l] { c = l + 1 }
            if a[c] >= last { break }
            a[i] = a[c]
            i = c
        }
        a[i] = last
        return top
    }
}
