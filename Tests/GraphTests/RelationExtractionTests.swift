import Testing
@testable import Graph

/// Typed relations from real-looking sentences, with the test lexicon
/// (Tests/Fixtures/Graph/lexicon-test.tsv). "!" marks a negated relation.
@Suite struct RelationExtractionTests {
    static func typed(_ s: String) -> [String] { TestSupport.typed(s) }

    @Test(arguments: [
        // INCREASES, active, passive, "with", coordination, effect nouns
        ("Hydroxyapatite increases the stiffness of the scaffold.", "hydroxyapatite INCREASES stiffness"),
        ("The stiffness of bone is increased by hydroxyapatite.", "hydroxyapatite INCREASES stiffness"),
        ("The stiffness of bone increases with mineralization.", "mineralization INCREASES stiffness"),
        ("Runx2 significantly enhanced the expression of alkaline phosphatase.", "runx2 INCREASES alkaline phosphatase"),
        ("BMP-2 up-regulates Runx2 in osteoblasts.", "bmp 2 INCREASES runx2"),
        ("Crosslinking improves the toughness and the stiffness of hydrogels.", "crosslinking INCREASES toughness"),
        // DECREASES
        ("Porosity reduces the tensile strength of the scaffold.", "porosity DECREASES tensile strength"),
        ("Alkaline phosphatase is inhibited by calcium.", "calcium DECREASES alkaline phosphatase"),
        ("The toughness of nacre decreases with porosity.", "porosity DECREASES toughness"),
        // REGULATES
        ("Runx2 regulates alkaline phosphatase in osteoblasts.", "runx2 REGULATES alkaline phosphatase"),
        ("Mineralization is controlled by collagen.", "collagen REGULATES mineralization"),
        // BINDS
        ("Silk fibroin binds to hydroxyapatite.", "silk fibroin BINDS hydroxyapatite"),
        ("Sericin interacts with silk fibroin in the gland.", "sericin BINDS silk fibroin"),
        // COMPOSED_OF / PART_OF
        ("Spider silk is composed of silk fibroin.", "spider silk COMPOSED_OF silk fibroin"),
        ("Nacre consists of aragonite and chitin.", "nacre COMPOSED_OF aragonite"),
        ("Nacre consists of aragonite and chitin.", "nacre COMPOSED_OF chitin"),
        ("Collagen is a major component of bone.", "collagen PART_OF bone"),
        ("Hydroxyapatite is the main constituent of enamel.", "hydroxyapatite PART_OF enamel"),
        // IS_A
        ("Keratin is a protein found in hair.", nil),
        ("Silk fibroin is a type of silk.", nil),
        ("Fibroin is a protein.", nil),
        // USED_FOR
        ("Silk fibroin is used for bone regeneration.", "silk fibroin USED_FOR bone regeneration"),
        ("Chitosan hydrogels are widely used in tissue engineering.", "hydrogel USED_FOR tissue engineering"),
        ("Hydroxyapatite serves as a scaffold.", "hydroxyapatite USED_FOR scaffold"),
        // DERIVED_FROM
        ("Silk fibroin was extracted from Bombyx mori.", "silk fibroin DERIVED_FROM bombyx mori"),
        ("Silk is produced by spiders and silkworms.", "silk DERIVED_FROM spider"),
        ("Silk is produced by spiders and silkworms.", "silk DERIVED_FROM bombyx mori"),
        ("Spiders spin silk.", "silk DERIVED_FROM spider"),
        ("Sericin from Bombyx mori was dissolved.", "sericin DERIVED_FROM bombyx mori"),
        // SIMILAR_TO
        ("Dentin is similar to bone.", "dentin SIMILAR_TO bone"),
        ("The scaffold mimics bone.", "scaffold SIMILAR_TO bone"),
        // EXHIBITS_PROPERTY
        ("Spider silk has a high toughness.", "spider silk EXHIBITS_PROPERTY toughness"),
        ("The toughness of nacre is remarkable.", "nacre EXHIBITS_PROPERTY toughness"),
        ("Hydrogels with high porosity were prepared.", "hydrogel EXHIBITS_PROPERTY porosity"),
        ("Enamel's stiffness is high.", "enamel EXHIBITS_PROPERTY stiffness"),
    ] as [(String, String?)])
    func positive(_ sentence: String, _ expected: String?) {
        let got = Self.typed(sentence)
        if let expected {
            #expect(got.contains(expected), "\(sentence) -> \(got)")
        }
    }

    @Test func isA() {
        #expect(Self.typed("Silk fibroin is a protein and keratin is a fiber.").contains("keratin IS_A fiber") == false)
        #expect(!Self.typed("Chitosan is a chitin derivative.").contains("chitosan IS_A chitin"),
                "'a chitin derivative': chitin modifies the head, so no IS_A chitin")
        #expect(Self.typed("Silk fibroin is a type of silk.") == [], "a protein is not a material: types differ")
        // The clause reader takes the head noun phrase even when the lexicon does not know it.
        #expect(Self.typed("Collagen is a protein.") == ["collagen IS_A protein"])
        #expect(Self.typed("Osteoblasts such as dentin cells...").isEmpty)
        #expect(Self.typed("Materials such as nacre and enamel are tough.").isEmpty)
    }

    @Test func isAWithSameTypes() throws {
        let lex = try Lexicon(tsv: "term\ttype\tsynonyms\nprotein\tprotein\t\nkeratin\tprotein\t\ncollagen\tprotein\t\n")
        let x = GraphExtractor(lexicon: lex)
        func rel(_ s: String) -> [String] {
            x.extract(paper: PaperInput(paperKey: "p", chunks: [.init(index: 0, text: s)])).relations
                .filter { $0.predicate != .coOccurs }.map { "\($0.source) \($0.predicate.rawValue) \($0.target)" }
        }
        #expect(rel("Keratin is a fibrous protein.") == ["keratin IS_A protein"])
        #expect(rel("Proteins such as collagen and keratin form fibers.") == ["collagen IS_A protein", "keratin IS_A protein"])
        #expect(rel("Keratin has a protein.") == [], "'has a' is not a copula")
    }

    @Test(arguments: [
        ("Collagen does not increase the toughness of bone.", "!collagen INCREASES toughness"),
        ("Hydroxyapatite did not significantly reduce the porosity.", "!hydroxyapatite DECREASES porosity"),
        ("Sericin does not bind to hydroxyapatite.", "!sericin BINDS hydroxyapatite"),
        ("The stiffness of bone is not increased by calcium.", "!calcium INCREASES stiffness"),
        ("Chitin doesn't regulate mineralization.", "!chitin REGULATES mineralization"),
        ("Silk fibroin failed to enhance mineralization.", "!silk fibroin INCREASES mineralization"),
    ])
    func negation(_ sentence: String, _ expected: String) {
        let got = Self.typed(sentence)
        #expect(got.contains(expected), "\(sentence) -> \(got)")
        let positive = String(expected.dropFirst())
        #expect(!got.contains(positive), "negated sentence gave an unnegated edge: \(got)")
    }

    @Test(arguments: [
        "We tested whether collagen increases stiffness.",          // hedged
        "Signals from osteoblasts control mineralization.",         // subject inside a prepositional phrase
        "Collagen and calcium levels in bone increased porosity.",  // connector with nouns
        "Collagen (Fig. 2) and BMP-2 regulate.",                    // no object
        "Collagen was found in bone.",                              // 'found in' is not PART_OF
        "Patients with collagen defects were associated with osteoblasts.",
        "Silk fibroin solution was mixed with hydroxyapatite.",
        // Regressions from the biomaterials audit:
        "Osteoblasts have reduced mineralization.",                 // adjectival 'reduced'
        "Spiders significantly increased porosity.",                // an organism is not a cause
        "The increase in crosslinking decreases the collagen/chitin ratio.",
    ])
    func noTypedRelation(_ sentence: String) {
        let got = Self.typed(sentence).filter { !$0.contains("EXHIBITS_PROPERTY") }
        #expect(got.isEmpty, "\(sentence) -> \(got)")
    }

    @Test func compoundModifierIsNotTheSubject() {
        let got = Self.typed("Collagen-induced mineralization increased stiffness.")
        // "X-induced Y" states X CAUSES Y; the subject of "increased" is the head (the mention
        // grammar) or the whole noun phrase (the clause reader), never collagen.
        #expect(got.sorted() == ["collagen CAUSES mineralization", "collagen induced mineralization INCREASES stiffness",
                                 "mineralization INCREASES stiffness"], "\(got)")
    }

    /// The clause reader keeps the head of a noun phrase as the argument: an inverted or
    /// modified subject is a noun-phrase entity of its own, never the inner mention.
    @Test(arguments: [
        ("Loss of Runx2 increases porosity.", "loss of runx2 INCREASES porosity"),
        ("Deletion of collagen reduced the stiffness.", "deletion of collagen DECREASES stiffness"),
        ("Collagen fibril orientation increases stiffness.", "collagen fibril orientation INCREASES stiffness"),
        ("Hydroxyapatite increases collagen fibril alignment.", "hydroxyapatite INCREASES collagen fibril alignment"),
        ("Collagen increases the risk of porosity.", "collagen INCREASES risk of porosity"),
    ])
    func nounPhraseArgumentsKeepTheirHead(_ sentence: String, _ expected: String) {
        let got = Self.typed(sentence).filter { !$0.contains("EXHIBITS_PROPERTY") }
        #expect(got == [expected], "\(sentence) -> \(got)")
    }

    @Test func passiveAgentIsTheSource() {
        let got = Self.typed("Mineralization is regulated by Runx2 and BMP-2.")
        #expect(got.contains("runx2 REGULATES mineralization"))
        #expect(got.contains("bmp 2 REGULATES mineralization"))
        #expect(!got.contains("mineralization REGULATES runx2"))
    }

    @Test func evidenceIsTheSentence() {
        let text = "Bone is tough. Hydroxyapatite increases the stiffness of collagen. Enamel is hard."
        let g = TestSupport.graph(text)
        let r = g.relations.first { $0.predicate == .increases }
        #expect(r?.evidence.sentence == "Hydroxyapatite increases the stiffness of collagen.")
        #expect(r?.evidence.sentenceRange == 15..<66)
        #expect(r?.trigger == "increases the")
    }

    @Test func coOccurrenceIsCappedAndOnlyBetweenLexiconTerms() {
        let g = TestSupport.graph("Collagen, chitin, keratin, elastin, sericin and aragonite were compared with enamel and dentin.")
        let co = g.relations.filter { $0.predicate == .coOccurs }
        #expect(co.count == 3)
        #expect(co.allSatisfy { $0.source < $0.target })
        let none = TestSupport.graph("Collagen is everywhere. Chitin is elsewhere.").relations
        #expect(none.isEmpty, "different sentences do not co-occur")
        // Regression (audit sample): "claw-style hair clips" and "VEGF receptor" name other things.
        #expect(TestSupport.graph("Cups were secured with spider-style silk clips and chitin.").relations.isEmpty)
        #expect(TestSupport.graph("Collagen receptor levels rose in enamel.").relations.isEmpty)
    }
}
