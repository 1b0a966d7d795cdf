import Foundation
import Testing
import PreflexorTesting
@testable import Graph

/// Shared helpers: the test lexicon and one-sentence extraction.
enum TestSupport {
    static let lexicon: Lexicon = {
        do { return try Lexicon.load(contentsOf: Fixtures.url("Graph", "lexicon-test.tsv")) } catch {
            fatalError("cannot load Tests/Fixtures/Graph/lexicon-test.tsv: \(error)")
        }
    }()

    static let extractor = GraphExtractor(lexicon: lexicon)

    /// The graph of a one-chunk paper.
    static func graph(_ text: String, keywords: [String] = [], nounPhrases: Bool = false) -> PaperGraph {
        var options = GraphExtractor.Options()
        options.nounPhrases = nounPhrases
        let x = GraphExtractor(lexicon: lexicon, options: options)
        return x.extract(paper: PaperInput(paperKey: "test", keywords: keywords, chunks: [.init(index: 0, text: text)]))
    }

    /// Typed relations (no CO_OCCURS) as "source PRED target" strings, "!" before negated ones.
    static func typed(_ text: String) -> [String] {
        graph(text).relations.filter { $0.predicate != .coOccurs }.map {
            ($0.negated ? "!" : "") + "\($0.source) \($0.predicate.rawValue) \($0.target)"
        }
    }
}
