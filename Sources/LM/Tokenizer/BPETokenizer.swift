import Foundation

/// A byte-level BPE tokenizer that gives the same ids as Hugging Face `tokenizers` for a
/// `tokenizer.json` with a ByteLevel pre-tokenizer, a BPE model and a ByteLevel decoder.
///
/// Encoding: added tokens are found in the raw text first (leftmost, longest) and never split;
/// the text between them is split by the GPT-2 pattern (`GPT2PreTokenizer`), each piece's UTF-8
/// bytes become byte-level symbols, and the BPE merges are applied lowest rank first (leftmost
/// first on ties), exactly as `tokenizers`' `Word::merge_all`. Decoding maps tokens back to bytes,
/// so `decode(encode(s)) == s` for every string `s`.
///
/// Thread-safe: the only mutable state is a word cache behind a lock.
public final class BPETokenizer: Sendable {
    /// Options of the pre-tokenizer and model that `tokenizer.json` may set.
    public struct Options: Sendable, Equatable {
        /// Prepend a space to each text segment that does not start with one (default false).
        public var addPrefixSpace: Bool
        /// Emit a whole pre-token as one id when it is in the vocabulary, before any merge (default false).
        public var ignoreMerges: Bool
        /// Token used for bytes missing from the vocabulary; nil drops them, as `tokenizers` does (default nil).
        public var unknownToken: String?

        /// Options with the defaults above.
        public init(addPrefixSpace: Bool = false, ignoreMerges: Bool = false, unknownToken: String? = nil) {
            self.addPrefixSpace = addPrefixSpace
            self.ignoreMerges = ignoreMerges
            self.unknownToken = unknownToken
        }
    }

    /// The BPE model's vocabulary: byte-level token string to id.
    public let vocab: [String: Int32]
    /// The merges in rank order (rank 0 first), as pairs of byte-level token strings.
    public let merges: [(String, String)]
    /// The added tokens (special and not), in id order.
    public let addedTokens: [AddedToken]
    /// Pre-tokenizer and model options.
    public let options: Options

    /// Token string by id (model vocabulary and added tokens); nil for unused ids. [vocabSize]
    let idToToken: [String?]
    /// Bytes that each id decodes to (ByteLevel decoder rule). [vocabSize]
    let idToBytes: [[UInt8]]
    /// Id of each byte's byte-level symbol, -1 when the vocabulary lacks it. [256]
    let byteToID: [Int32]
    /// Pair `(a << 32 | b)` to `(rank << 32 | merged id)`.
    let mergeMap: [UInt64: UInt64]
    let addedByContent: [String: Int32]
    let specialIDs: Set<Int32>
    let matcher: AddedTokenMatcher
    let normalizedMatcher: AddedTokenMatcher
    let unknownID: Int32?
    let cache = WordCache(capacity: 10_000)

    /// Builds a tokenizer and checks that merges, vocabulary and added tokens agree.
    /// - Throws: `TokenizerError.inconsistentVocabulary` when a merge names a token missing from
    ///   `vocab`, when an id is negative, or when `options.unknownToken` is not in `vocab`.
    public init(vocab: [String: Int32], merges: [(String, String)], addedTokens: [AddedToken],
                options: Options = Options()) throws {
        self.vocab = vocab
        self.merges = merges
        self.addedTokens = addedTokens.sorted { $0.id < $1.id }
        self.options = options

        var maxID: Int32 = -1
        for (_, id) in vocab { guard id >= 0 else { throw Self.badID(id) }; maxID = max(maxID, id) }
        for t in addedTokens { guard t.id >= 0 else { throw Self.badID(t.id) }; maxID = max(maxID, t.id) }
        var idToToken = [String?](repeating: nil, count: Int(maxID) + 1)
        for (tok, id) in vocab { idToToken[Int(id)] = tok }
        for t in addedTokens { idToToken[Int(t.id)] = t.content }   // added tokens win, as in `tokenizers`
        self.idToToken = idToToken
        self.idToBytes = idToToken.map { tok in
            guard let tok else { return [] }
            return ByteLevel.decode(tok) ?? Array(tok.utf8)
        }

        var byteToID = [Int32](repeating: -1, count: 256)
        for b in 0..<256 {
            if let id = vocab[String(Character(ByteLevel.byteToScalar[b]))] { byteToID[b] = id }
        }
        self.byteToID = byteToID

        var mergeMap: [UInt64: UInt64] = [:]
        mergeMap.reserveCapacity(merges.count)
        for (rank, (a, b)) in merges.enumerated() {
            guard let ia = vocab[a], let ib = vocab[b] else {
                throw TokenizerError(.inconsistentVocabulary,
                    "merge \(rank) '\(a) \(b)' uses a token missing from the vocabulary; the tokenizer file is corrupt")
            }
            guard let merged = vocab[a + b] else {
                throw TokenizerError(.inconsistentVocabulary,
                    "merge \(rank) '\(a) \(b)' makes '\(a + b)', which is missing from the vocabulary; the tokenizer file is corrupt")
            }
            let key = Self.pairKey(ia, ib)
            if mergeMap[key] == nil { mergeMap[key] = UInt64(rank) << 32 | UInt64(UInt32(merged)) }
        }
        self.mergeMap = mergeMap

        var byContent: [String: Int32] = [:]
        for t in addedTokens { byContent[t.content] = t.id }
        self.addedByContent = byContent
        self.specialIDs = Set(addedTokens.filter(\.special).map(\.id))
        // `tokenizers` matches non-normalized added tokens over the whole text first, then the
        // normalized ones inside the text left between those matches.
        self.matcher = AddedTokenMatcher(addedTokens.filter { !$0.normalized })
        self.normalizedMatcher = AddedTokenMatcher(addedTokens.filter(\.normalized))
        if let unk = options.unknownToken {
            guard let id = vocab[unk] else {
                throw TokenizerError(.inconsistentVocabulary, "unknown token '\(unk)' is not in the vocabulary; add it or set unk_token to null")
            }
            self.unknownID = id
        } else {
            self.unknownID = nil
        }
    }

    private static func badID(_ id: Int32) -> TokenizerError {
        TokenizerError(.inconsistentVocabulary, "token id \(id) is negative; ids must be 0..<vocabSize")
    }

    @inline(__always)
    static func pairKey(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }

    /// One more than the largest id (model vocabulary and added tokens): the size of the embedding
    /// table a model needs (`LlamaConfig.vocab_size`).
    public var vocabSize: Int { idToToken.count }

    /// The id of an added (e.g. special) token, or nil when `content` is not an added token.
    public func specialTokenID(_ content: String) -> Int32? { addedByContent[content] }

    /// The id of a token string (added token or vocabulary entry), or nil.
    public func tokenID(_ token: String) -> Int32? { addedByContent[token] ?? vocab[token] }

    /// The token string of an id (byte-level form for vocabulary entries), or nil for an unused id.
    public func token(_ id: Int32) -> String? {
        id >= 0 && Int(id) < idToToken.count ? idToToken[Int(id)] : nil
    }

    /// True when `id` is a special added token.
    public func isSpecial(_ id: Int32) -> Bool { specialIDs.contains(id) }

    /// Decodes ids to text (ByteLevel decoder; invalid UTF-8 becomes U+FFFD). Unknown ids are
    /// skipped, as in `tokenizers`. Special tokens are kept unless `skipSpecialTokens`.
    public func decode(_ ids: [Int32], skipSpecialTokens: Bool = false) -> String {
        String(decoding: decodeBytes(ids, skipSpecialTokens: skipSpecialTokens), as: UTF8.self)
    }

    /// The raw bytes that `ids` stand for. One token may hold part of a UTF-8 character, so a
    /// streaming generator should buffer these bytes and emit text only at character boundaries.
    public func decodeBytes(_ ids: [Int32], skipSpecialTokens: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        for id in ids where id >= 0 && Int(id) < idToBytes.count {
            if skipSpecialTokens && specialIDs.contains(id) { continue }
            bytes.append(contentsOf: idToBytes[Int(id)])
        }
        return bytes
    }
}

/// A bounded map from a pre-token's bytes to its ids. Like `tokenizers`' BPE cache it stops
/// inserting when full (no eviction), which keeps lookups cheap and behaviour predictable.
final class WordCache: @unchecked Sendable {
    private var map: [ByteKey: [Int32]] = [:]
    private let lock = NSLock()
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func get(_ key: [UInt8]) -> [Int32]? {
        lock.lock(); defer { lock.unlock() }
        return map[ByteKey(key)]
    }

    func set(_ key: [UInt8], _ value: [Int32]) {
        lock.lock(); defer { lock.unlock() }
        if map.count < capacity { map[ByteKey(key)] = value }
    }
}

/// A byte string as a dictionary key, hashed in one call over its bytes (`[UInt8]` itself
/// hashes element by element, several times slower for short words).
struct ByteKey: Hashable, Sendable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    static func == (a: ByteKey, b: ByteKey) -> Bool { a.bytes == b.bytes }
}
