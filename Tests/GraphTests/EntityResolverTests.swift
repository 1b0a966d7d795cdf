import Testing
@testable import Graph

@Suite struct EntityResolverTests {
    static func paper(_ key: String, _ text: String, keywords: [String] = []) -> PaperGraph {
        TestSupport.extractor.extract(paper: PaperInput(paperKey: key, keywords: keywords, chunks: [.init(index: 0, text: text)]))
    }

    static let papers: [PaperGraph] = [
        paper("p1", "Hydroxyapatite (HAp) increases the stiffness of collagen. HAp binds to silk fibroin.", keywords: ["nanohydroxyapatite"]),
        paper("p2", "Hydroxylapatite crystals are aligned with collagen fibrils in bone.", keywords: ["nano-hydroxyapatite"]),
        paper("p3", "Silk fibroin films were mineralised. Nacre consists of aragonite and chitin.", keywords: ["nano hydroxyapatites"]),
    ]

    @Test func abbreviationMapsToLongFormWithinPaper() throws {
        let g = Self.papers[0]
        let hap = try #require(g.entity("hydroxyapatite"))
        #expect(hap.aliases.contains { $0.text == "HAp" && $0.source == .abbreviation && $0.paperKey == "p1" })
        #expect(g.relations.contains { $0.source == "hydroxyapatite" && $0.predicate == .binds })
    }

    @Test func sameKeyMergesAcrossPapers() throws {
        let r = try EntityResolver().resolve(Self.papers)
        // "nanohydroxyapatite" (no space) stays apart without an embedder; the two spaced spellings meet.
        #expect(r.entity("nano hydroxyapatite") != nil)
        #expect(r.canonicalKey["nano hydroxyapatite"] == "nano hydroxyapatite")
        #expect(r.entity("hydroxyapatite")!.aliases.contains { $0.text == "Hydroxylapatite" })
    }

    @Test func embeddingMergesSpellingVariantsButNotTwoLexiconTerms() throws {
        let r = try EntityResolver(embedder: CharacterNGramEmbedder(), threshold: 0.75).resolve(Self.papers)
        #expect(r.canonicalKey["nanohydroxyapatite"] == r.canonicalKey["nano hydroxyapatite"])
        let merged = try #require(r.entity(r.canonicalKey["nanohydroxyapatite"]!))
        #expect(merged.aliases.contains { $0.source == .embedding && ($0.similarity ?? 0) >= 0.75 })
        // "silk fibroin" and "silk" are both lexicon terms: never merged however similar.
        #expect(r.canonicalKey["silk fibroin"] == "silk fibroin")
        #expect(r.canonicalKey["collagen"] != r.canonicalKey["collagen fibril"])
    }

    @Test func orderIndependentAndIdempotent() throws {
        let resolver = try EntityResolver(embedder: CharacterNGramEmbedder(), threshold: 0.75)
        let a = try resolver.resolve(Self.papers)
        let b = try resolver.resolve(Self.papers.reversed())
        #expect(a == b)
        let again = try resolver.resolve(a.papers)
        #expect(again.entities == a.entities)
        #expect(again.papers == a.papers)
    }

    @Test func typesMustBeCompatible() throws {
        let lex = try Lexicon(tsv: "term\ttype\tsynonyms\nsilk fibre\tmaterial\t\n")
        let x = GraphExtractor(lexicon: lex)
        let p1 = x.extract(paper: PaperInput(paperKey: "a", chunks: [.init(index: 0, text: "Silk fibre is strong.")]))
        let p2 = x.extract(paper: PaperInput(paperKey: "b", keywords: ["raw silk fibres"], chunks: [.init(index: 0, text: "Nothing.")]))
        let r = try EntityResolver(embedder: CharacterNGramEmbedder(), threshold: 0.5).resolve([p1, p2])
        // concept is compatible with material: merged; the lexicon term stays canonical.
        #expect(r.canonicalKey["raw silk fiber"] == "silk fiber")
        #expect(r.entity("silk fiber")?.type == .material)
    }

    @Test func numberedVariantsStayApart() throws {
        let x = TestSupport.extractor
        let p1 = x.extract(paper: PaperInput(paperKey: "a", keywords: ["major ampullate spidroin 1"], chunks: []))
        let p2 = x.extract(paper: PaperInput(paperKey: "b", keywords: ["major ampullate spidroin 2", "major ampullate spidroins 1"], chunks: []))
        let r = try EntityResolver(embedder: CharacterNGramEmbedder(), threshold: 0.5).resolve([p1, p2])
        #expect(r.canonicalKey["major ampullate spidroin 1"] != r.canonicalKey["major ampullate spidroin 2"])
        #expect(r.canonicalKey["major ampullate spidroins 1"] == r.canonicalKey["major ampullate spidroin 1"])
    }

    @Test func badThresholdIsRefused() {
        #expect(throws: GraphError.self) { try EntityResolver(threshold: 1.5) }
        #expect(throws: GraphError.self) { try EntityResolver(threshold: 0) }
    }

    @Test func embedderErrorsAreWrapped() {
        struct Broken: TermEmbedder { func embed(_ texts: [String]) throws -> [[Float]] { texts.map { _ in [] } } }
        #expect(throws: GraphError.self) { try EntityResolver(embedder: Broken()).resolve(Self.papers) }
    }
}

@Suite struct EntityResolverHeadTests {
    @Test func headWordsMustAgreeUpToTwoEdits() {
        func agree(_ a: String, _ b: String) -> Bool { EntityResolver.headsAgree(Array(a.unicodeScalars), Array(b.unicodeScalars)) }
        #expect(agree("microscope", "microscopy"))
        #expect(agree("bromodeoxyurdine", "bromodeoxyuridine"))
        #expect(agree("fluid", "fluid"))
        #expect(agree("nanohydroxyapatite", "hydroxyapatite"))
        #expect(!agree("test", "fiber"))
        #expect(!agree("inhibition", "inhibitor"))
        #expect(agree("fibre", "fiber"))
        #expect(!agree("recombination", "recombinase"))
        #expect(!agree("abnormality", "defects"))
        #expect(!agree("", "abc"))
        #expect(agree("", ""))
    }
}

extension EntityResolverHeadTests {
    @Test func contrastWordsKeepOppositesApart() {
        #expect(EntityResolver.markers("spb inner plaque") != EntityResolver.markers("spb outer plaque"))
        #expect(EntityResolver.markers("mature olfactory sensory neuron") != EntityResolver.markers("immature olfactory sensory neuron"))
        #expect(EntityResolver.markers("medium chain acyl coa dehydrogenase deficiency") != EntityResolver.markers("short chain acyl coa dehydrogenase deficiency"))
        #expect(EntityResolver.markers("local flock size estimate") == EntityResolver.markers("flock size estimate"))
        #expect(EntityResolver.markers("two missed cleavage") != EntityResolver.markers("three missed cleavage"))
    }
}
