import Foundation

/// The critic's verdict on one version, and what the next round should change.
public struct Critique: Sendable, Codable, Equatable {
    /// One finding on an answer sentence.
    public struct Finding: Sendable, Codable, Equatable {
        /// 0-based index of the sentence in the answer.
        public var sentence: Int
        /// "unsupported", "contradicts negated evidence", "weakly related", "cites no retrieved source".
        public var problem: String
        public var text: String
    }

    /// Problems with sentences of the answer.
    public var findings: [Finding]
    /// Evidence sentence ids (of the pool) that score high but the answer does not use.
    public var missing: [Int]
    /// The evidence sentences the revision should rest on, in order: what was supported and
    /// relevant, plus the missing key evidence.
    public var plan: [Int]
    /// The critique in plain words (the `<|reflect|>` text of this round).
    public var text: String

    /// Whether the critic found nothing to change.
    public var isClean: Bool { findings.isEmpty && missing.isEmpty }
}
