import Foundation
import Testing
import PreflexorTesting
@testable import Graph

/// The whole extraction of a small paper as a golden file (Tests/Fixtures/Graph/paper-silk.expected);
/// re-record with PREFLEXOR_RECORD=1 and explain the change in the commit.
@Suite struct ExtractorGoldenTests {
    static func input() throws -> PaperInput {
        let text = try Fixtures.text("Graph", "paper-silk.txt")
        let chunks = text.split(separator: "\n").enumerated().map { PaperInput.Chunk(index: $0.offset, section: "body", text: String($0.element)) }
        return PaperInput(paperKey: "fixture:silk", keywords: ["spider silk", "biomineralisation", "silk fibre mechanics"], chunks: chunks)
    }

    static func render(_ g: PaperGraph) -> String {
        var out = ["# entities"]
        for e in g.entities {
            out.append("\(e.key)\t\(e.type.rawValue)\t\(e.source.rawValue)\t\(e.name)\t" + e.aliases.map { "\($0.text)[\($0.source.rawValue)]" }.joined(separator: "|"))
        }
        out.append("# relations")
        for r in g.relations {
            var line = "\(r.evidence.chunkIndex):\(r.evidence.sentenceRange.lowerBound)-\(r.evidence.sentenceRange.upperBound)\t\(r.source)\t\(r.polarity == .asserted ? "" : "\(r.polarity.rawValue.uppercased())[\(r.cue ?? "")] ")\(r.predicate.rawValue)\t\(r.target)\t\(r.trigger)"
            if let v = r.value { line += "\t\(v.low.map { "\($0)" } ?? "-")..\(v.high.map { "\($0)" } ?? "-") \(v.unit)" }
            out.append(line)
        }
        out.append("# values")
        for v in g.propertyValues {
            out.append("\(v.evidence.chunkIndex)\t\(v.entity ?? "-")\t\(v.property)\t\(v.quantity.bound.rawValue)\t\(v.quantity.low.map { "\($0)" } ?? "-")..\(v.quantity.high.map { "\($0)" } ?? "-") \(v.quantity.unit)\t\(v.quantity.text)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    @Test func silkPaper() throws {
        let g = TestSupport.extractor.extract(paper: try Self.input())
        switch Golden.check(Self.render(g), against: Fixtures.url("Graph", "paper-silk.expected")) {
        case .matches: break
        case .recorded(let path): Issue.record("recorded \(path); review it and run again without PREFLEXOR_RECORD")
        case .missing(let path): Issue.record("no golden file at \(path); record with PREFLEXOR_RECORD=1")
        case .differs(let diff): Issue.record("extraction changed:\n\(diff)")
        }
    }

    @Test func deterministicAndChunkOrderIndependent() throws {
        let input = try Self.input()
        var shuffled = input
        shuffled.chunks.reverse()
        let a = TestSupport.extractor.extract(paper: input)
        #expect(a == TestSupport.extractor.extract(paper: shuffled))
        #expect(a == TestSupport.extractor.extract(paper: input))
    }

    @Test func offsetsPointAtTheText() throws {
        let input = try Self.input()
        let g = TestSupport.extractor.extract(paper: input)
        let scalars = Dictionary(uniqueKeysWithValues: input.chunks.map { ($0.index, Array($0.text.unicodeScalars)) })
        for m in g.mentions { #expect(scalars[m.chunkIndex]!.text(m.range) == m.surface) }
        for r in g.relations { #expect(scalars[r.evidence.chunkIndex]!.text(r.evidence.sentenceRange) == r.evidence.sentence) }
        #expect(g.entities.contains { e in e.key == "mineralization" && e.aliases.contains { $0.text == "biomineralisation" && $0.source == .keyword } },
                "the keyword 'biomineralisation' is the lexicon synonym 'biomineralization' of mineralization")
    }
}
