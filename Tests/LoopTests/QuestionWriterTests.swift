import Foundation
import LM
import Loop
import Store
import Testing

/// The embedded teacher's writer on hand-made graph contexts (no database, no model).
@Suite struct QuestionWriterTests {
    static func fact(_ id: Int64, _ s: (Int64, String, String), _ p: String, _ t: (Int64, String, String), _ sentence: String,
                     chunk: Int64 = 1) -> AssertedFact {
        AssertedFact(relationID: id, sourceID: s.0, source: s.1, sourceType: s.2, predicate: p, targetID: t.0, target: t.1,
                     targetType: t.2, weight: 2, sentence: sentence, chunkID: chunk, inContext: true)
    }

    static let mineral = (Int64(1), "Mineral content", "property")
    static let stiffness = (Int64(2), "stiffness", "property")
    static let sericin = (Int64(3), "sericin", "protein")
    static let toughness = (Int64(4), "toughness", "property")
    static let bone = (Int64(5), "bone", "material")
    static let fibril = (Int64(6), "collagen fibrils", "structure")
    static let silk = (Int64(7), "silk fiber", "material")

    /// A context with asserted facts, a value, a comparison, and one pair (sericin, toughness)
    /// the chunks deny: "Sericin does not increase the toughness of silk fibers".
    static func context() -> ChunkGraphContext {
        ChunkGraphContext(
            chunkIDs: [1, 2, 3],
            facts: [
                fact(10, mineral, "INCREASES", stiffness, "A higher mineral content increases the stiffness of bone."),
                fact(11, bone, "COMPOSED_OF", fibril, "Bone is composed of mineralized collagen fibrils.", chunk: 2),
                fact(12, fibril, "CONTRIBUTES_TO", toughness, "Collagen fibrils contribute to the toughness of bone.", chunk: 2),
                // Asserted somewhere, but denied in these chunks: must never be a premise.
                fact(13, sericin, "INCREASES", toughness, "Sericin increases toughness.", chunk: 3),
                fact(14, silk, "EXHIBITS_PROPERTY", toughness, "Silk fibers are tough.", chunk: 3),
            ],
            contested: [[3, 4]],
            values: [StatedValue(entityID: 5, entity: "cortical bone", propertyID: 2, property: "Young's modulus", original: "15–20 GPa",
                                 unit: "Pa", condition: "dry", sentence: "Dry cortical bone has a Young's modulus of 15–20 GPa.", chunkID: 1)],
            comparisons: [StatedComparison(aID: 5, a: "enamel", bID: 8, b: "dentin", propertyID: 2, property: "stiffness", direction: "higher",
                                           ratio: 3, sentence: "Enamel is 3-fold stiffer than dentin.", chunkID: 1)])
    }

    /// A comparison sets like against like: no property against a material, no concept against
    /// a material without a named property.
    @Test func comparisonsSetLikeAgainstLike() {
        func c(_ a: String, _ aType: String, _ b: String, _ bType: String, property: String? = nil) -> StatedComparison {
            StatedComparison(aID: 1, a: a, bID: 2, b: b, propertyID: property == nil ? nil : 3, property: property, direction: "higher",
                             ratio: nil, sentence: "\(a) is higher than \(b).", chunkID: 1, aType: aType, bType: bType)
        }
        #expect(!QuestionWriter.comparable(c("β-sheet content", "concept", "silkworm silk", "material")))
        #expect(!QuestionWriter.comparable(c("toughness", "property", "nacre", "material", property: "strength")))
        #expect(QuestionWriter.comparable(c("nacre", "material", "collagen", "protein")))
        #expect(QuestionWriter.comparable(c("enamel", "material", "dentin", "material", property: "stiffness")))
        #expect(QuestionWriter.comparable(c("wet bone", "concept", "dry bone", "concept")))
        #expect(QuestionWriter.comparable(StatedComparison(aID: 1, a: "x", bID: 2, b: "y", propertyID: nil, property: nil, direction: "higher",
                                                           ratio: nil, sentence: "", chunkID: 1)))
        var context = Self.context()
        context.comparisons = [c("β-sheet content", "concept", "silkworm silk", "material")]
        var rng = SeededGenerator(seed: 1)
        #expect(!QuestionWriter().drafts(from: context, rng: &rng).contains { $0.kind == .comparison })
    }

    @Test func draftsAreSelfContainedGrammaticalAndVaried() {
        var rng = SeededGenerator(seed: 1)
        let drafts = QuestionWriter().drafts(from: Self.context(), rng: &rng)
        #expect(drafts.count >= 6)
        for d in drafts {
            #expect(QuestionStyle.isSelfContained(d.text), "\(d.text)")
            #expect(QuestionStyle.looksGrammatical(d.text), "\(d.text)")
            #expect(!d.premises.isEmpty)
        }
        let kinds = Set(drafts.map(\.kind))
        #expect(kinds.isSuperset(of: [.effect, .comparison, .propertyValue, .structureProperty, .designPrinciple]), "\(kinds)")
        // The value question carries the unit and condition context.
        let value = try? #require(drafts.first { $0.kind == .propertyValue })
        #expect(value?.text.contains("(in GPa)") == true && value?.text.contains("when dry") == true, "\(value?.text ?? "")")
        // Structure-property across two levels: bone <- collagen fibrils -> toughness.
        #expect(drafts.contains { $0.kind == .structureProperty && $0.premises.count == 2 && $0.text.contains("collagen fibrils") && $0.text.contains("bone") })
        // A name capitalised only because it began its sentence reads in lower case.
        #expect(drafts.contains { $0.text.contains("mineral content") } && !drafts.contains { $0.text.contains("Mineral content") })
    }

    @Test func aContestedPairIsNeverAPremise() {
        for seed in 0..<20 as Range<UInt64> {
            var rng = SeededGenerator(seed: seed)
            let drafts = QuestionWriter().drafts(from: Self.context(), rng: &rng)
            for d in drafts {
                #expect(!d.relationIDs.contains(13), "\(d.text)")
                #expect(!(d.text.contains("sericin") && d.text.contains("toughness")), "\(d.text)")
            }
        }
        // Without the contest the same fact is used: the filter, not chance, keeps it out.
        var open = Self.context()
        open.contested = []
        var rng = SeededGenerator(seed: 0)
        #expect(QuestionWriter().drafts(from: open, rng: &rng).contains { $0.relationIDs.contains(13) })
    }

    /// Design-principle and origin questions build on things with a structure: an untyped noun
    /// phrase ("removing structures", "protein species") or an organism gives none.
    @Test func designQuestionsNeedTypedThings() {
        let plane = (Int64(20), "plane", "concept"), loop = (Int64(21), "cysteine loop", "concept")
        let mouse = (Int64(22), "Mus musculus", "organism"), line = (Int64(23), "ES cell line", "cell_tissue")
        var context = Self.context()
        context.facts = [Self.fact(30, plane, "COMPOSED_OF", loop, "The plane is made of the cysteine loop."),
                         Self.fact(31, mouse, "DERIVED_FROM", line, "Mus musculus was derived from an ES cell line."),
                         Self.fact(32, plane, "USED_FOR", loop, "The plane is used for the cysteine loop.")]
        context.values = []; context.comparisons = []
        var rng = SeededGenerator(seed: 1)
        let drafts = QuestionWriter().drafts(from: context, rng: &rng)
        #expect(!drafts.contains { $0.kind == .designPrinciple }, "\(drafts.map(\.text))")
        #expect(!drafts.contains { $0.text.contains("origin") }, "\(drafts.map(\.text))")
    }

    @Test func agreementFollowsTheHeadNoun() {
        #expect(!QuestionStyle.isPlural("addition of α-Syn fibril seeds"))
        #expect(QuestionStyle.isPlural("mutations in CRTAP"))
        #expect(QuestionStyle.isPlural("collagen fibrils"))
        #expect(!QuestionStyle.isUsableName("variables"))
        #expect(QuestionStyle.isUsableName("serum calcium levels"))
    }

    @Test func equalSeedsGiveEqualDrafts() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        #expect(QuestionWriter().drafts(from: Self.context(), rng: &a) == QuestionWriter().drafts(from: Self.context(), rng: &b))
    }

    @Test func generatedTextIsStorable() {
        #expect(NativeModelRejecter.storable(" a\u{0}b\u{7}c\nd\te\u{85} ") == "abc\nd\te")
        #expect(NativeModelRejecter.storable("β-sheet �") == "β-sheet �")
    }

    @Test func styleChecks() {
        #expect(!QuestionStyle.isSelfContained("What does this paper report about the stiffness of bone?"))
        #expect(!QuestionStyle.isSelfContained("How do the authors explain the toughness of nacre?"))
        #expect(!QuestionStyle.isSelfContained("It increases the toughness of what material, and why?"))
        #expect(QuestionStyle.isSelfContained("How does mineral content affect the stiffness of bone?"))
        #expect(!QuestionStyle.looksGrammatical("how does bone bone work"))
        #expect(!QuestionStyle.looksGrammatical("How does the the mineral affect stiffness?"))
        #expect(QuestionStyle.looksGrammatical("How does mineral content affect the stiffness of bone?"))
        #expect(!QuestionStyle.isUsableName("this study"))
        #expect(!QuestionStyle.isUsableName("it"))
        #expect(QuestionStyle.isUsableName("hydroxyapatite"))
        #expect(QuestionStyle.isPlural("collagen fibrils") && !QuestionStyle.isPlural("glass") && !QuestionStyle.isPlural("chitosan"))
        #expect(QuestionStyle.unit(of: "15–20 GPa") == "GPa")
        #expect(QuestionStyle.unit(of: "70-150 MJ/m3") == "MJ/m3")
        #expect(QuestionStyle.unit(of: "3") == nil)
        #expect(QuestionStyle.inSentence("Mineral", type: "property") == "mineral")
        #expect(QuestionStyle.inSentence("Post-drawing", type: "process") == "post-drawing")
        #expect(QuestionStyle.inSentence("Bombyx mori", type: "organism") == "Bombyx mori")
        #expect(QuestionStyle.inSentence("Young's modulus", type: "property") == "Young's modulus")
        #expect(QuestionStyle.inSentence("AFM", type: nil) == "AFM")
        #expect(QuestionStyle.inSentence("Mineral content", type: nil) == "Mineral content")
        #expect(QuestionStyle.countablePlural("aragonite tablet", type: "structure") == "aragonite tablets")
        #expect(QuestionStyle.countablePlural("osteoblast", type: "cell_tissue") == "osteoblasts")
        #expect(QuestionStyle.countablePlural("collagen fibrils", type: "structure") == "collagen fibrils")
        #expect(QuestionStyle.countablePlural("hydroxyapatite", type: "mineral") == "hydroxyapatite")
    }
}
