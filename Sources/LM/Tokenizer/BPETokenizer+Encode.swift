extension BPETokenizer {
    /// Encodes text to ids: added tokens first (never split), then GPT-2 pre-tokens, then BPE.
    /// No BOS/EOS is added; use `ChatTemplate` for the chat format.
    public func encode(_ text: String) -> [Int32] {
        let bytes = Array(text.utf8)
        var ids: [Int32] = []
        ids.reserveCapacity(bytes.count / 3 + 4)
        var scan = GPT2PreTokenizer.Scan()
        var pos = 0
        for m in matcher.matches(in: bytes) {
            encodeText(bytes, pos..<m.range.lowerBound, &scan, into: &ids)
            ids.append(m.id)
            pos = m.range.upperBound
        }
        encodeText(bytes, pos..<bytes.count, &scan, into: &ids)
        return ids
    }

    /// Encodes text between non-normalized added tokens: normalized added tokens, then BPE.
    private func encodeText(_ bytes: [UInt8], _ range: Range<Int>, _ scan: inout GPT2PreTokenizer.Scan,
                            into ids: inout [Int32]) {
        guard !normalizedMatcher.isEmpty, !range.isEmpty else {
            encodeSegment(bytes, range, &scan, into: &ids)
            return
        }
        var pos = range.lowerBound
        for m in normalizedMatcher.matches(in: bytes, range) {
            encodeSegment(bytes, pos..<m.range.lowerBound, &scan, into: &ids)
            ids.append(m.id)
            pos = m.range.upperBound
        }
        encodeSegment(bytes, pos..<range.upperBound, &scan, into: &ids)
    }

    /// Encodes many texts (convenience; each is independent).
    public func encode(batch texts: [String]) -> [[Int32]] { texts.map(encode) }

    /// Pre-tokenizes one segment without added tokens and appends the BPE ids of each piece.
    func encodeSegment(_ bytes: [UInt8], _ range: Range<Int>, _ scan: inout GPT2PreTokenizer.Scan,
                       into ids: inout [Int32]) {
        guard !range.isEmpty else { return }
        if options.addPrefixSpace && bytes[range.lowerBound] != 0x20 {
            let prefixed = [0x20] + bytes[range]
            scan.forEachPiece(prefixed, 0..<prefixed.count) { r in encodeWord(prefixed[r], into: &ids) }
            return
        }
        scan.forEachPiece(bytes, range) { r in encodeWord(bytes[r], into: &ids) }
    }

    /// Appends the BPE ids of one pre-token, given as UTF-8 bytes.
    func encodeWord(_ word: ArraySlice<UInt8>, into ids: inout [Int32]) {
        if word.count == 1, byteToID[Int(word.first!)] >= 0 {
            ids.append(byteToID[Int(word.first!)])
            return
        }
        let key = Array(word)
        // Long pre-tokens (runs of symbols, base64, ...) are rare and would bloat the cache.
        let cacheable = key.count <= 256
        if cacheable, let hit = cache.get(key) { ids.append(contentsOf: hit); return }
        let out = bpe(key)
        if cacheable { cache.set(key, out) }
        ids.append(contentsOf: out)
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
