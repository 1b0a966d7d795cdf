import Foundation
import Testing
import JATS
import PreflexorTesting

/// `Article.textBlocks()`: what the chunker receives, in document order.
@Suite struct TextBlocksTests {
    @Test func minimalFixtureFlattensInDocumentOrder() throws {
        let a = try JATSParser().parse(fileAt: Fixtures.url("JATS", "minimal-jats13.xml"))
        let blocks = a.textBlocks()
        let summary = blocks.map { "\($0.sectionPath.joined(separator: " > ")) [\($0.sectionType ?? "-")] \($0.kind.rawValue): \($0.text)" }
        #expect(summary == [
            "Abstract > Background [abstract] abstract: Silk is tough.",
            "Abstract > Results [abstract] abstract: We measured a modulus of 10 GPa.",
            "Author summary [abstract] abstract: Spiders and worms make silk.",
            "Abstract (fr) [abstract] abstract: La soie est tenace.",
            " [-] paragraph: A lead paragraph before any section.",
            "Introduction [introduction] paragraph: Silk from B. mori is a protein fibre [1], with β-sheet crystals of 2–5 nm (Fig. 1). Its energy is E = mc^2 per H2O.",
            "Introduction [introduction] caption: Figure 1. Silk hierarchy. From molecules to fibres.",
            "Materials & Methods > Tensile testing [methods] paragraph: Fibres were pulled at 1 mm min^−1.",
            "Materials & Methods > Tensile testing [methods] formula: \\sigma = F / A",
            "Materials & Methods > Tensile testing [methods] paragraph: first step",
            "Materials & Methods > Tensile testing [methods] paragraph: second step",
            "Results and Discussion [results-discussion] caption: Table 1. Mechanical properties. Mean of five fibres.",
            "Results and Discussion [results-discussion] table: Material | Modulus (GPa)\nSilk | 10\nCollagen I | 1.2",
            "Results and Discussion [results-discussion] paragraph: Silk is stiffer than collagen.",
            "Results and Discussion [results-discussion] caption: S1 Data. Raw curves.",
            "Concluding remarks [conclusion] paragraph: Hierarchy matters.",
            "Acknowledgements [acknowledgements] paragraph: We thank the silkworms.",
            "Section 2 [competing-interests] paragraph: The authors declare no competing interests.",
        ])
        #expect(a.subArticles[0].textBlocks().map(\.text) == ["The reviewers liked the silk."])
    }

    @Test(.enabled(if: Fixtures.hasSharedCorpus))
    func everyPaperYieldsNonEmptyBlocksCoveringItsParagraphs() throws {
        let dir = Fixtures.sharedJATS("papers")!
        let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
        var n = 0
        while let url = e?.nextObject() as? URL {
            guard url.pathExtension == "xml" || url.pathExtension == "nxml" else { continue }
            let a = try JATSParser().parse(fileAt: url)
            let blocks = a.textBlocks()
            #expect(blocks.allSatisfy { !$0.text.isEmpty }, "\(url.lastPathComponent)")
            let paragraphs = blocks.filter { $0.kind == .paragraph }.count
            #expect(paragraphs == a.allParagraphs.count, "\(url.lastPathComponent)")
            n += 1
        }
        #expect(n == 210)
    }
}
