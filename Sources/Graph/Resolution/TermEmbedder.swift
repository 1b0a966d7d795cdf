/// An embedder for entity names, injected so that Graph does not depend on module Embedding:
/// wrap the MiniLM encoder (or anything else) in a `ClosureEmbedder`.
public protocol TermEmbedder: Sendable {
    /// One vector per text, all of the same width (need not be normalised).
    func embed(_ texts: [String]) throws -> [[Float]]
}

/// A `TermEmbedder` from a closure `(String) throws -> [Float]`.
public struct ClosureEmbedder: TermEmbedder {
    private let body: @Sendable (String) throws -> [Float]

    /// Wraps a one-text embedding function.
    public init(_ body: @escaping @Sendable (String) throws -> [Float]) { self.body = body }

    /// Embeds each text with the closure.
    public func embed(_ texts: [String]) throws -> [[Float]] { try texts.map(body) }
}

/// A small, model-free embedder: hashed character 3-grams of " name " (FNV-1a into `width`
/// buckets), L2-normalised. Catches spelling variants ("hydroxyapatite"/"hydroxylapatite")
/// but knows no synonyms; use the MiniLM encoder for meaning.
public struct CharacterNGramEmbedder: TermEmbedder {
    /// Vector width. Default 512.
    public let width: Int

    /// Creates the embedder.
    public init(width: Int = 512) { self.width = max(16, width) }

    /// Embeds each text; vectors have `width` entries and unit length (zero for empty text).
    public func embed(_ texts: [String]) throws -> [[Float]] {
        texts.map { text in
            var v = [Float](repeating: 0, count: width)
            let s = Array((" " + text.lowercased() + " ").unicodeScalars)
            if s.count >= 3 {
                for i in 0...(s.count - 3) {
                    var h: UInt64 = 0xcbf2_9ce4_8422_2325
                    for c in s[i..<i + 3] { h = (h ^ UInt64(c.value)) &* 0x0000_0100_0000_01B3 }
                    v[Int(h % UInt64(width))] += 1
                }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? v.map { $0 / norm } : v
        }
    }
}
