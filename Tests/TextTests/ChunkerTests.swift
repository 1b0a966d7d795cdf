import Testing
import Text

/// Section-aware, token-budgeted chunking. Most tests count words (a simple injected counter)
/// so that budgets are easy to reason about.
@Suite struct ChunkerTests {
    static let words: TokenCounter = { $0.split(whereSeparator: \.isWhitespace).count }

    func chunker(target: Int = 20, max: Int = 25, overlap: Int = 1) throws -> Chunker {
        try Chunker(.init(targetTokens: target, maxTokens: max, overlapSentences: overlap), tokenCounter: Self.words)
    }

    /// A sentence of `n` words starting with `tag`.
    func sentence(_ tag: String, _ n: Int) -> String {
        ([tag] + Array(repeating: "word", count: n - 1)).joined(separator: " ") + "."
    }

    @Test func packsSentencesWithinBudgetWithOneSentenceOverlap() throws {
        let text = (1...10).map { sentence("S\($0)", 6) }.joined(separator: " ")
        let chunks = try chunker().chunk(blocks: [TextBlock(sectionPath: ["Results"], sectionType: "results", kind: .paragraph, text: text)])
        #expect(chunks.count >= 4)
        for c in chunks { #expect(c.tokenCount <= 20) }
        for (a, b) in zip(chunks, chunks.dropFirst()) {
            let lastOfA = SentenceSplitter.split(a.text).last!.text
            #expect(b.text.hasPrefix(lastOfA), "chunk \(b.ordinal) does not start with the last sentence of chunk \(a.ordinal)")
        }
        #expect(chunks.first!.text.hasPrefix("S1 ") && chunks.last!.text.hasSuffix(sentence("S10", 6)))
        #expect(chunks.map(\.ordinal) == Array(0..<chunks.count))
        #expect(chunks.allSatisfy { $0.sectionPath == ["Results"] && $0.sectionType == "results" && $0.kind == .paragraph })
    }

    @Test func neverSpansSectionsAndOffsetsPointIntoSectionText() throws {
        let blocks = [
            TextBlock(sectionPath: ["Intro"], sectionType: "introduction", kind: .paragraph, text: sentence("A", 5) + " " + sentence("B", 5)),
            TextBlock(sectionPath: ["Intro"], sectionType: "introduction", kind: .paragraph, text: sentence("C", 5)),
            TextBlock(sectionPath: ["Methods", "Cells"], sectionType: "methods", kind: .paragraph, text: sentence("D", 5)),
            TextBlock(sectionPath: ["Intro"], sectionType: "introduction", kind: .paragraph, text: sentence("E", 5)),
        ]
        let c = try chunker()
        let chunks = c.chunk(blocks: blocks)
        let sections = c.sections(blocks)
        #expect(sections.count == 3, "a repeated path after another section is a new section")
        #expect(chunks.map(\.sectionIndex) == [0, 1, 2])
        #expect(chunks[0].text == sentence("A", 5) + " " + sentence("B", 5) + "\n\n" + sentence("C", 5))
        #expect(chunks[0].blockIndices == 0...1)
        #expect(chunks[1].sectionPath == ["Methods", "Cells"] && chunks[1].ordinalInSection == 0)
        for chunk in chunks {
            #expect(sections[chunk.sectionIndex].text.scalarSlice(chunk.range) == chunk.text)
        }
    }

    @Test func captionsAndTablesAreOwnChunksTagged() throws {
        let table = (1...12).map { "row\($0) | a | b | c" }.joined(separator: "\n")
        let blocks = [
            TextBlock(sectionPath: ["Results"], kind: .paragraph, text: sentence("P", 4)),
            TextBlock(sectionPath: ["Results"], kind: .caption, text: "Figure 1. Silk. " + sentence("Cap", 5)),
            TextBlock(sectionPath: ["Results"], kind: .paragraph, text: sentence("Q", 4)),
            TextBlock(sectionPath: ["Results"], kind: .table, text: table),
        ]
        let chunks = try chunker().chunk(blocks: blocks)
        // Each row is 7 "tokens" here, so two rows fit the budget of 20: six table chunks.
        #expect(chunks.map(\.kind) == [.paragraph, .caption, .paragraph] + Array(repeating: .table, count: 6))
        let tableChunks = chunks.filter { $0.kind == .table }
        #expect(tableChunks.allSatisfy { $0.tokenCount <= 20 })
        #expect(tableChunks.map { $0.text.split(separator: "\n").count }.reduce(0, +) == 12, "rows are not split or repeated")
        #expect(tableChunks.allSatisfy { $0.text.split(separator: "\n").allSatisfy { $0.hasPrefix("row") } })
    }

    @Test func overlongSentenceIsSplitAtWordBoundaries() throws {
        let long = (1...70).map { "w\($0)" }.joined(separator: " ")
        let chunks = try chunker().chunk(blocks: [TextBlock(sectionPath: [], kind: .paragraph, text: long)])
        #expect(chunks.allSatisfy { $0.tokenCount <= 20 })
        let seen = chunks.flatMap { $0.text.split(separator: " ").map(String.init) }
        #expect(Set(seen) == Set((1...70).map { "w\($0)" }), "every word is in some chunk")
        #expect(chunks.allSatisfy { !$0.text.hasPrefix(" ") && !$0.text.hasSuffix(" ") })
    }

    @Test func giantWordIsCutByCharacters() throws {
        let perChar: TokenCounter = { $0.unicodeScalars.count }
        let c = try Chunker(.init(targetTokens: 10, maxTokens: 12), tokenCounter: perChar)
        let chunks = c.chunk(blocks: [TextBlock(sectionPath: [], kind: .paragraph, text: String(repeating: "ACGT", count: 8))])
        #expect(chunks.map(\.text).joined() == String(repeating: "ACGT", count: 8))
        #expect(chunks.allSatisfy { $0.tokenCount <= 10 })
    }

    @Test func hardMaximumHoldsWhenTheWholeCountsMoreThanItsParts() throws {
        // A counter that charges 3 extra tokens for every joined text with a blank line in it.
        let greedy: TokenCounter = { s in s.split(whereSeparator: \.isWhitespace).count + (s.contains("\n\n") ? 30 : 0) }
        let c = try Chunker(.init(targetTokens: 20, maxTokens: 25), tokenCounter: greedy)
        let blocks = (1...4).map { TextBlock(sectionPath: ["X"], kind: .paragraph, text: sentence("B\($0)", 4)) }
        let chunks = c.chunk(blocks: blocks)
        #expect(chunks.allSatisfy { $0.tokenCount <= 25 })
    }

    @Test func abstractIsNotPackedWithBodyAndEmptyBlocksAreSkipped() throws {
        let blocks = [
            TextBlock(sectionPath: ["Abstract"], sectionType: "abstract", kind: .abstract, text: sentence("A", 3)),
            TextBlock(sectionPath: ["Abstract"], sectionType: "abstract", kind: .paragraph, text: sentence("P", 3)),
            TextBlock(sectionPath: ["Abstract"], sectionType: "abstract", kind: .paragraph, text: "   "),
        ]
        let chunks = try chunker().chunk(blocks: blocks)
        #expect(chunks.map(\.kind) == [.abstract, .paragraph])
    }

    @Test func deterministic() throws {
        let blocks = (1...30).map { i in
            TextBlock(sectionPath: ["S\(i / 7)"], kind: i % 5 == 0 ? .caption : .paragraph, text: (1...i % 9 + 1).map { sentence("x\($0)", 5) }.joined(separator: " "))
        }
        let c = try chunker()
        #expect(c.chunk(blocks: blocks) == c.chunk(blocks: blocks))
    }

    @Test func invalidConfigurationFailsWithTheFix() {
        #expect(throws: TextError.self) { try Chunker(.init(targetTokens: 300, maxTokens: 256)) }
        do {
            _ = try Chunker(.init(targetTokens: 300, maxTokens: 256))
        } catch {
            #expect(error.message.contains("maxTokens (256) is below targetTokens (300)"))
        }
        #expect(throws: TextError.self) { try Chunker(.init(targetTokens: 2)) }
        #expect(throws: TextError.self) { try Chunker(.init(overlapSentences: -1)) }
    }

    @Test func defaultConfigurationUsesTheWordPieceEstimate() throws {
        let c = try Chunker()
        #expect(c.config == Chunker.Config(targetTokens: 200, maxTokens: 256, overlapSentences: 1))
        let text = String(repeating: "Silk fibroin forms β-sheet nanocrystals that confer strength. ", count: 60)
        let chunks = c.chunk(blocks: [TextBlock(sectionPath: ["R"], kind: .paragraph, text: text)])
        #expect(chunks.count > 1)
        #expect(chunks.allSatisfy { $0.tokenCount <= 200 && $0.tokenCount == TokenEstimate.wordPiece($0.text) })
    }
}
