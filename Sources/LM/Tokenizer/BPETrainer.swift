/// Trains a byte-level BPE tokenizer on text, with the algorithm of Hugging Face's `BpeTrainer`
/// (given the same words it learns the same merges in the same order).
///
/// 1. Pre-tokenize each text with the GPT-2 split (special tokens in the text are cut out first
///    and never learned from; `tokenizers` would pre-tokenize them like any text) and count the
///    distinct words.
/// 2. Ids: the special tokens first (0..<k), then the 256 byte-level symbols sorted by scalar value.
/// 3. Count every adjacent pair, weighted by word count, and remember which words hold it.
/// 4. Repeat until the vocabulary is full: take the pair with the highest count (ties: the
///    smallest `(left id, right id)`), add the merged token, merge it in the words that hold it,
///    and update only the pair counts those words changed. A max-heap with lazy deletion keeps
///    the choice O(log n): an entry whose stored count is stale is re-pushed with the true count.
///
/// Deterministic: the result depends only on the multiset of words, never on hash order.
public struct BPETrainer: Sendable {
    /// Target vocabulary size including special tokens and the 256 bytes (default 8192).
    public var vocabSize: Int
    /// Stop when the best pair occurs fewer times than this (default 0, as in `tokenizers`: pairs
    /// seen once are merged too while the vocabulary has room).
    public var minFrequency: Int
    /// Added tokens that get ids 0..<count, all `special: true` (default `SpecialTokens.all`).
    public var specialTokens: [String]

    /// A trainer; checks that `vocabSize` leaves room for the special tokens and the 256 bytes.
    /// - Throws: `TokenizerError.invalidArgument`.
    public init(vocabSize: Int = 8192, minFrequency: Int = 0, specialTokens: [String] = SpecialTokens.all) throws {
        guard vocabSize >= specialTokens.count + 256 else {
            throw TokenizerError(.invalidArgument,
                "vocab size \(vocabSize) is below \(specialTokens.count) special tokens + 256 bytes; use at least \(specialTokens.count + 256)")
        }
        guard Set(specialTokens).count == specialTokens.count, !specialTokens.contains("") else {
            throw TokenizerError(.invalidArgument, "special tokens must be distinct and non-empty")
        }
        self.vocabSize = vocabSize
        self.minFrequency = minFrequency
        self.specialTokens = specialTokens
    }

    /// Trains on `texts` (each text is pre-tokenized on its own; their order does not matter).
    public func train<S: Sequence>(_ texts: S) throws -> BPETokenizer where S.Element == String {
        var counter = WordCounter(specialTokens: specialTokens)
        for t in texts { counter.add(t) }
        return try train(counter)
    }

    /// Trains on the words a `WordCounter` has counted (it should cut out the same special tokens).
    public func train(_ counter: WordCounter) throws -> BPETokenizer {
        try train(keyedCounts: counter.keyed)
    }

    /// Trains on pre-counted words (UTF-8 bytes of each pre-token to its count).
    public func train(wordCounts: [[UInt8]: Int]) throws -> BPETokenizer {
        var keyed: [ByteKey: Int] = [:]
        for (w, c) in wordCounts { keyed[ByteKey(w)] = c }
        return try train(keyedCounts: keyed)
    }

    func train(keyedCounts wordCounts: [ByteKey: Int]) throws -> BPETokenizer {
        var tokens: [String] = specialTokens
        var vocab: [String: Int32] = [:]
        for (i, t) in specialTokens.enumerated() { vocab[t] = Int32(i) }
        var byteID = [Int32](repeating: -1, count: 256)
        for s in ByteLevel.byteToScalar.sorted(by: { $0.value < $1.value }) {
            let str = String(Character(s))
            let id = vocab[str] ?? Int32(tokens.count)
            if vocab[str] == nil { vocab[str] = id; tokens.append(str) }
            byteID[Int(ByteLevel.byte(for: s)!)] = id
        }

        var words: [[Int32]] = []
        var counts: [Int] = []
        words.reserveCapacity(wordCounts.count)
        for (w, c) in wordCounts where !w.bytes.isEmpty {
            words.append(w.bytes.map { byteID[Int($0)] })
            counts.append(c)
        }

        var pairCounts: [UInt64: Int] = [:]
        var where_: [UInt64: [Int32]] = [:]
        for (wi, w) in words.enumerated() where w.count > 1 {
            for i in 0..<(w.count - 1) {
                let p = BPETokenizer.pairKey(w[i], w[i + 1])
                pairCounts[p, default: 0] += counts[wi]
                appendUnique(&where_[p, default: []], Int32(wi))
            }
        }
        var heap = PairHeap()
        for (p, c) in pairCounts where c > 0 { heap.push(.init(count: c, pair: p)) }

        var merges: [(String, String)] = []
        while tokens.count < vocabSize, let top = heap.pop() {
            let actual = pairCounts[top.pair] ?? 0
            if top.count != actual {
                if actual > 0 { heap.push(.init(count: actual, pair: top.pair)) }
                continue
            }
            if actual < 1 || actual < minFrequency { break }
            let a = Int32(truncatingIfNeeded: top.pair >> 32), b = Int32(truncatingIfNeeded: top.pair & 0xFFFF_FFFF)
            let merged = tokens[Int(a)] + tokens[Int(b)]
            let newID: Int32
            if let existing = vocab[merged] {
                newID = existing
            } else {
                newID = Int32(tokens.count)
                vocab[merged] = newID
                tokens.append(merged)
            }
            merges.append((tokens[Int(a)], tokens[Int(b)]))
            pairCounts[top.pair] = 0

            var touched: [UInt64] = []
            for wi32 in where_.removeValue(forKey: top.pair) ?? [] {
                let wi = Int(wi32)
                let c = counts[wi]
                mergePair(&words[wi], a, b, newID) { pair, delta in
                    let now = (pairCounts[pair] ?? 0) + delta * c
                    pairCounts[pair] = now
                    if delta > 0 {
                        appendUnique(&where_[pair, default: []], wi32)
                        touched.append(pair)
                    }
                }
            }
            for p in Set(touched) {
                if let c = pairCounts[p], c > 0 { heap.push(.init(count: c, pair: p)) }
            }
        }
        let added = specialTokens.enumerated().map { AddedToken(id: Int32($0.offset), content: $0.element) }
        return try BPETokenizer(vocab: vocab, merges: merges, addedTokens: added)
    }
}

@inline(__always)
private func appendUnique(_ list: inout [Int32], _ w: Int32) {
    if list.last != w { list.append(w) }
}

/// Merges every non-overlapping `(a, b)` in `word`, left to right, reporting the pair-count
/// changes as `tokenizers`' `Word::merge` does: `-1` for each pair destroyed, `+1` for each made.
private func mergePair(_ word: inout [Int32], _ a: Int32, _ b: Int32, _ new: Int32,
                       _ change: (UInt64, Int) -> Void) {
    var i = 0
    while i < word.count - 1 {
        if word[i] == a && word[i + 1] == b {
            if i > 0 {
                change(BPETokenizer.pairKey(word[i - 1], a), -1)
                change(BPETokenizer.pairKey(word[i - 1], new), 1)
            }
            word[i] = new
            word.remove(at: i + 1)
            if i < word.count - 1 {
                change(BPETokenizer.pairKey(b, word[i + 1]), -1)
                change(BPETokenizer.pairKey(new, word[i + 1]), 1)
            }
        }
        i += 1
    }
}

/// Counts pre-tokens (as UTF-8 bytes) over many texts, cutting special tokens out first.
public struct WordCounter: Sendable {
    /// Distinct pre-tokens (UTF-8 bytes) and their counts.
    public var counts: [[UInt8]: Int] {
        var out: [[UInt8]: Int] = [:]
        for (k, c) in keyed { out[k.bytes] = c }
        return out
    }
    /// The number of distinct pre-tokens.
    public var distinctWords: Int { keyed.count }
    private(set) var keyed: [ByteKey: Int] = [:]
    private let matcher: AddedTokenMatcher
    private var scan = GPT2PreTokenizer.Scan()

    /// A counter that cuts `specialTokens` out of the text before pre-tokenizing.
    public init(specialTokens: [String]) {
        matcher = AddedTokenMatcher(specialTokens.enumerated().map { AddedToken(id: Int32($0.offset), content: $0.element) })
    }

    /// Adds the pre-tokens of one text.
    public mutating func add(_ text: String) {
        let bytes = Array(text.utf8)
        var pos = 0
        var segments: [Range<Int>] = []
        for m in matcher.matches(in: bytes) { segments.append(pos..<m.range.lowerBound); pos = m.range.upperBound }
        segments.append(pos..<bytes.count)
        var scan = self.scan, counts = self.keyed
        self.keyed = [:]   // keep one reference each so the updates below copy nothing
        self.scan = GPT2PreTokenizer.Scan()
        for seg in segments {
            scan.forEachPiece(bytes, seg) { r in counts[ByteKey(Array(bytes[r])), default: 0] += 1 }
        }
        self.scan = scan
        self.keyed = counts
    }
}

/// Max-heap on (count, then smallest pair): the order of `tokenizers`' `Merge`.
struct PairHeap {
    struct Entry { var count: Int; var pair: UInt64 }
    private var a: [Entry] = []

    @inline(__always)
    private static func before(_ x: Entry, _ y: Entry) -> Bool {
        x.count != y.count ? x.count > y.count : x.pair < y.pair
    }

    mutating func push(_ e: Entry) {
        a.append(e)
        var i = a.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if !Self.before(e, a[p]) { break }
            a[i] = a[p]
            i = p
        }
        a[i] = e
    }

    mutating func pop() -> Entry? {
        guard let last = a.popLast() else { return nil }
        guard !a.isEmpty else { return last }
        let top = a[0]
        var i = 0
        let n = a.count
        while true {
            let l = 2 * i + 1
            if l >= n { break }
            var c = l
            if l + 1 < n && Self.before(a[l + 1], a[l]) { c = l + 1 }
            if !Self.before(a[c], last) { break }
            a[i] = a[c]
            i = c
        }
        a[i] = last
        return top
    }
}
