import Testing
@testable import Graph

/// The clause reader (`ClauseExtractor`): typed relations between noun phrases, causal and
/// explanatory predicates, polarity on each, comparatives and text-named property values.
/// Pattern sentences written for these tests (general English, not from the shared papers).
@Suite struct ClauseReaderTests {
    /// Typed relations with polarity marks: "!" negated, "?" hedged.
    static func typed(_ s: String) -> [String] {
        TestSupport.graph(s).relations.filter { $0.predicate != .coOccurs }.map {
            ($0.polarity == .negated ? "!" : $0.polarity == .hedged ? "?" : "") + "\($0.source) \($0.predicate.rawValue) \($0.target)"
        }
    }

    @Test(arguments: [
        ("Crack deflection is caused by the interfaces between tablets.", "interface CAUSES crack deflection"),
        ("The toughness of nacre results from sliding of the tablets.", "sliding of the tablet CAUSES toughness of nacre"),
        ("Fracture resistance is determined by the organic matrix.", "organic matrix DETERMINES fracture resistance"),
        ("The stiffness of the composite depends on the mineral fraction.", "mineral fraction DETERMINES stiffness of the composite"),
        ("Water content strongly correlates with the elastic response.", "elastic response CORRELATES_WITH water content"),
        ("Hydrogen bonds contribute to the stability of the sheet.", "hydrogen bond CONTRIBUTES_TO stability of the sheet"),
        ("Osteocytes play a key role in bone remodeling.", "osteocyte CONTRIBUTES_TO bone remodeling"),
        ("Repeated loading leads to microdamage in the cortex.", "repeated loading CAUSES microdamage"),
        ("The shell consists of calcite prisms.", "shell COMPOSED_OF calcite prism"),
        ("Collagen, which regulates crystal growth, is degraded later.", "collagen REGULATES crystal growth"),
        ("Mussel plaques are adhesive structures.", "mussel plaque IS_A adhesive structure"),
        ("Fibronectin, a glycoprotein, binds integrins.", "fibronectin IS_A glycoprotein"),
        ("Strain-induced alignment was observed.", "strain CAUSES alignment"),
        ("Temperature has a strong effect on the tensile strength.", "temperature REGULATES tensile strength"),
        ("Sericin makes a major contribution to the tensile strength.", "sericin CONTRIBUTES_TO tensile strength"),
        ("Nacre is remarkably tough.", "nacre EXHIBITS_PROPERTY toughness"),
        ("The scaffold was highly porous and biodegradable.", "scaffold EXHIBITS_PROPERTY porosity"),
        ("The dry scaffold remains dense at low temperature.", "scaffold EXHIBITS_PROPERTY density"),
        // A cause whose effect is a change of a thing: its sign, and the thing as the object.
        ("Mutations in this region cause a significant loss of mechanical stability.", "mutations in this region DECREASES mechanical stability"),
        ("Mechanical loading led to an increase in bone mass.", "mechanical loading INCREASES bone mass"),
        ("Deletion of the gene resulted in reduced bone strength.", "deletion of the gene DECREASES bone strength"),
        // A fall of the subject turns the sign.
        ("Lower growth rates led to increased variability.", "growth rate DECREASES variability"),
        // Coordinated subjects, and a verb that shares the subject of the statement before it.
        ("Crosslinking and hydration control the mechanics of collagen fibrils.", "crosslinking REGULATES mechanics of collagen fibril"),
        ("Crosslinking and hydration control the mechanics of collagen fibrils.", "hydration REGULATES mechanics of collagen fibril"),
        ("Heat treatment lowered the modulus by 36% and raised the toughness by 61%.", "heat treatment INCREASES toughness"),
        ("This osteoclast regulator is regulated by heat shock factors.", "heat shock factor REGULATES osteoclast regulator"),
        // The statement before a negated coordinated verb stays asserted.
        ("Crosslinking increased the tensile strength by 19% and did not reduce the strain.", "crosslinking INCREASES tensile strength"),
        // Predicate nouns after a copula or "act as".
        ("Osteocytes are key regulators of bone remodeling.", "osteocyte REGULATES bone remodeling"),
        ("The organic matrix acts as a major determinant of fracture resistance.", "organic matrix DETERMINES fracture resistance"),
        ("Repeated loading is a leading cause of microdamage in the cortex.", "repeated loading CAUSES microdamage"),
        ("Osteocytes are negative regulators of bone remodeling.", "osteocyte DECREASES bone remodeling"),
        // An abbreviated genus is part of the name; "infection with X" keeps its attachment.
        ("Osteomyelitis is caused by S. aureus.", "s aureus CAUSES osteomyelitis"),
        ("Infections with S. aureus cause chronic inflammation.", "infections with s aureus CAUSES chronic inflammation"),
        // What an apposition says of its noun it says of the thing it names; a part named by it.
        ("Mastitis, an udder disease caused by S. aureus, is common.", "s aureus CAUSES mastitis"),
        ("We studied Fn3, a fibronectin domain that binds integrins.", "fn3 BINDS integrin"),
        ("We studied the unfolding of I27, an IG domain of titin, under force.", "i27 PART_OF titin"),
        ("The AB strand is a segment of the sheet.", "ab strand PART_OF sheet"),
        // A relative clause, a participle phrase or an apposition between the subject and its verb.
        ("Sericin (SER), encoded by Ser1, is a glue protein.", "sericin IS_A glue protein"),
        ("Dentin, which is found in teeth, contains collagen fibrils.", "dentin COMPOSED_OF collagen fibril"),
        ("Spidroin, a silk protein, forms beta sheets.", "spidroin IS_A silk protein"),
        // A means clause shares the subject of the statement before it.
        ("Calcitonin inhibits bone resorption by decreasing osteoclast activity.", "calcitonin DECREASES osteoclast activity"),
        // The copula's subject takes the place of a predicate noun.
        ("Bones are rigid structures made up of mineralized tissue.", "bone COMPOSED_OF mineralized tissue"),
        ("Osteocalcin is a hormone that regulates insulin secretion.", "osteocalcin REGULATES insulin secretion"),
        // The abbreviated genus stays whole (never "pathogenic e").
        ("Hemolysin secreted by pathogenic E. coli binds calcium.", "hemolysin DERIVED_FROM pathogenic e coli"),
        // Noun compounds name a property of a thing or what a structure is made of, whatever the
        // clause around them says.
        ("We asked whether bone toughness depends on age.", "bone EXHIBITS_PROPERTY toughness"),
        ("Silk fibres are tough.", "fiber COMPOSED_OF silk"),
        // Assembly, place and transformation; resorption.
        ("Tropocollagen molecules assemble into collagen fibrils.", "tropocollagen molecule PART_OF collagen fibril"),
        ("Osteocytes reside in lacunae.", "osteocyte PART_OF lacunae"),
        ("Amorphous calcium phosphate transforms into apatite.", "apatite DERIVED_FROM amorphous calcium phosphate"),
        ("Osteoclasts resorb bone.", "osteoclast DECREASES bone"),
        // A plural verb after "which" agrees with the noun before the comma; a name in
        // parentheses before the pronoun is its antecedent.
        ("The approach uses tripeptides, which are derived from amino acids.", "tripeptide DERIVED_FROM amino acid"),
        ("Infection causes inflammation of the lid (chronic conjunctival inflammation), which can lead to conjunctival scarring.",
         "chronic conjunctival inflammation CAUSES conjunctival scarring"),
        // After a link verb, the object is what "because of" explains.
        ("The fibres show higher strain values because of the lack of bending energy.",
         "lack of bending energy DETERMINES higher strain value"),
        ("The walls can be considered to be thin viscoelastic elements.", "?wall IS_A thin viscoelastic element"),
        ("Sutures are used to sew up surgical incisions.", "suture USED_FOR surgical incision"),
        // Properties the lexicon leaves out, named by a predicative adjective.
        ("The amyloid fibrils are not toxic to dermal cells.", "!amyloid fibril EXHIBITS_PROPERTY toxicity"),
        ("The snapping organ is not sexually dimorphic.", "!snapping organ EXHIBITS_PROPERTY dimorphism"),
        // A verb form of the table after a symbol and a determiner is a noun: "the CRTAP complex".
        ("Loss of the CRTAP/P3H1 complex does not decrease the level of CyPB.", "!loss of the crtap p3h1 complex DECREASES level of cypb"),
        // "aggregates" stays a noun ("aggregated into" is in the table, "aggregates into" is not).
        ("Amyloids are highly organized protein aggregates.", "amyloid IS_A organized protein aggregate"),
        // A use named by what it makes.
        ("Silk fibroin is used to make porous scaffolds.", "silk fibroin USED_FOR scaffold"),
        // A restrictive relative clause (no commas) between the subject and its verb.
        ("The connective tissue that surrounds the growing bone regulates the growth rate.", "connective tissue REGULATES growth rate"),
        ("Proteins that bind calcium regulate mineralization.", "protein REGULATES mineralization"),
        ("Mutations that disrupt the amphipathic helix cause dissociation.", "mutation CAUSES dissociation"),
        // A pronoun subject of a subordinate clause stands for the main clause's subject.
        ("In titin, the force clamp is simple as it is formed by two parallel strands.", "force clamp COMPOSED_OF parallel strand"),
        ("Proline is often conserved because it is essential for the stability of the fold.", "proline CONTRIBUTES_TO stability of the fold"),
        ("Collagen fibrils are important because they increase toughness.", "collagen fibril INCREASES toughness"),
        // A verb phrase after "and" / "but" with no subject of its own shares the clause's subject.
        ("Menadione generates radicals and has been shown to decrease the membrane potential.", "menadione DECREASES membrane potential"),
        ("Hydration increases the toughness of nacre but decreases its stiffness.", "hydration DECREASES stiffness"),
        ("When the notch is very deep, it usually does not have any influence on the shape of the curve.", "!notch REGULATES shape of the curve"),
        // The denial of the first verb does not reach the verb coordinated with it.
        ("The polymerase is not required for biogenesis but generates non-coding RNAs.", "polymerase CAUSES non coding rna"),
        // A nominalised effect verb names its agent after "by".
        ("The inhibition of mineralization by osteopontin is well known.", "osteopontin DECREASES mineralization"),
        ("The activation of osteoblasts by parathyroid hormone is rapid.", "parathyroid hormone INCREASES osteoblast"),
        // What is used to do something does it.
        ("Mussels use DOPA to bind wet surfaces.", "dopa BINDS wet surface"),
        ("Each mechanism utilises elastic recoil to increase the jumping speed.", "elastic recoil INCREASES jumping speed"),
        // Each coordinated object takes the relation; a mixture is composed of its parts.
        ("Glycation increases the stiffness and the toughness of tendons.", "glycation INCREASES toughness of tendon"),
        ("The matrix contains chitin, silk-like proteins and acidic glycoproteins.", "matrix COMPOSED_OF acidic glycoprotein"),
        ("The matrix contains chitin, silk-like proteins, and acidic glycoproteins, and it controls nucleation.",
         "matrix COMPOSED_OF silk like protein"),
        ("Bone is a hierarchical composite of collagen, mineral crystals and water.", "bone COMPOSED_OF water"),
        ("Bone is a hierarchical composite of collagen, mineral crystals and water.", "bone COMPOSED_OF mineral crystal"),
        ("Snail misexpression leads to hyperproliferation and a reduction in cell adhesion.", "snail misexpression DECREASES cell adhesion"),
        ("The treatment did not increase the stiffness or the toughness.", "!treatment INCREASES toughness"),
        // An -ing word between a determiner or adjective and a noun modifies it; "relative" is an adjective.
        ("The association can be driven by only a few key interacting residues.", "key interacting residue CAUSES association"),
        ("The connective tissue regulates relative growth rates.", "connective tissue REGULATES relative growth rate"),
        // A repeated preposition continues the list; "but not" / ", not" denies a conjunct.
        ("Bone toughness is controlled by the collagen phase and by crack deflection at cement lines, not by mineral content.",
         "crack deflection REGULATES bone toughness"),
        ("Bone toughness is controlled by the collagen phase and by crack deflection at cement lines, not by mineral content.",
         "!mineral content REGULATES bone toughness"),
        ("Genipin increased the stiffness but not the toughness.", "!genipin INCREASES toughness"),
        ("Genipin increased the stiffness but not the toughness.", "genipin INCREASES stiffness"),
        ("Nacre consists mainly of two components, aragonite and chitin.", "nacre COMPOSED_OF chitin"),
        // A list of verb phrases after commas shares the subject; an amount before "of" measures the object.
        ("Genipin increased the strength, decreased the modulus and raised the toughness.", "genipin DECREASES modulus"),
        ("Genipin increased the strength, decreased the modulus and raised the toughness.", "genipin INCREASES toughness"),
        ("The treatment reduced 6 wt% of the mineral, lowered its modulus by 36% and raised its toughness by 61%.",
         "treatment DECREASES mineral"),
        ("The temperature depends on the pressure according to a power law.", "pressure DETERMINES temperature"),
        // What was measured, by what method.
        ("The hardness of the shell was measured by nanoindentation.", "hardness of the shell MEASURED_BY nanoindentation"),
        ("Crystal thickness was determined by small-angle X-ray scattering.", "thickness MEASURED_BY small angle x ray scattering"),
        ("Band intensity was calculated using ImageJ software.", "band intensity MEASURED_BY imagej software"),
        ("The oxidation state of DOPA was monitored by UV-visible absorbance.", "oxidation state of dopa MEASURED_BY uv visible absorbance"),
        // A correlation stated as a finding, or denied.
        ("We found a strong correlation between mineral content and stiffness.", "mineral content CORRELATES_WITH stiffness"),
        ("The correlation between fibril formation and a long duration of action suggests a depot.",
         "fibril formation CORRELATES_WITH long duration of action"),
        ("There was no correlation between porosity and toughness.", "!porosity CORRELATES_WITH toughness"),
        ("We did not observe a significant association between age and stiffness.", "!age CORRELATES_WITH stiffness"),
        // An effect on the amount or activity of a known thing is an effect on that thing.
        ("Loss of the complex does not decrease the level of collagen.", "!loss of the complex DECREASES collagen"),
        ("Phosphate could regulate the expression of collagen.", "?phosphate REGULATES collagen"),
    ])
    func clausePatterns(_ sentence: String, _ expected: String) {
        let got = Self.typed(sentence)
        #expect(got.contains(expected), "\(sentence) -> \(got)")
    }

    @Test(arguments: [
        ("Its toughness cannot be explained by mineral content.", "!mineral content DETERMINES toughness"),
        ("Calcium depletion did not significantly reduce the adhesion strength.", "!calcium depletion DECREASES adhesion strength"),
        ("Fiber orientation failed to increase the stiffness.", "!fiber orientation INCREASES stiffness"),
        ("Disulfide bonds may contribute to the resilience of elastin.", "?disulfide bond CONTRIBUTES_TO resilience of elastin"),
        ("These results suggest that sericin causes inflammation.", "?sericin CAUSES inflammation"),
        // Nominal predicates denied by their determiner, and "ineffective in -ing".
        ("Chitosan has no significant effect on the tensile strength.", "!chitosan REGULATES tensile strength"),
        ("The coating had negligible effects on the adhesion strength.", "!coating REGULATES adhesion strength"),
        ("Sericin does not show any major contribution to the tensile strength.", "!sericin CONTRIBUTES_TO tensile strength"),
        ("Elastin has no sequence homology with resilin.", "!elastin SIMILAR_TO resilin"),
        ("There was no significant effect of hydration on the tensile strength.", "!hydration REGULATES tensile strength"),
        ("Loss of the complex does not decrease the tensile strength.", "!loss of the complex DECREASES tensile strength"),
        ("Calcium supplementation proved ineffective in reducing the bone loss.", "!calcium supplementation DECREASES bone loss"),
        // A clause after ") and" or ", and" whose verb agrees with one noun; an interposed subordinate clause.
        ("The shell does not dissolve in water, and elastin has no sequence homology with resilin.", "!elastin SIMILAR_TO resilin"),
        ("The fibre, even though it was shown to be stiff, does not show any major contribution to the tensile strength.",
         "!fiber CONTRIBUTES_TO tensile strength"),
        ("The matrix, although it is rich in water, does not increase the toughness.", "!matrix INCREASES toughness"),
        // Predicative adjectives naming a lexicon property.
        ("The hydrated fibres are not stiff.", "!fiber EXHIBITS_PROPERTY stiffness"),
        // A negation in a coordinated verb phrase denies that verb only.
        ("Crosslinking increased the tensile strength by 19% and did not reduce the strain.", "!crosslinking DECREASES strain"),
        ("Collagen and mineral were not associated with toughness.", "!collagen CORRELATES_WITH toughness"),
        // Two coordinated subjects said to be (un)correlated.
        ("Mineral content and toughness were not correlated.", "!mineral content CORRELATES_WITH toughness"),
        ("Porosity and stiffness may be correlated.", "?porosity CORRELATES_WITH stiffness"),
        ("The organic matrix is not a major determinant of fracture resistance.", "!organic matrix DETERMINES fracture resistance"),
        // "no significant X binding by Y": the determiner of the nominal denies it.
        ("There is no significant ThT binding by the short peptides.", "!short peptide BINDS tht"),
        // A hedge of the clause scopes over the verb coordinated with it.
        ("The pathway might maintain cell polarity and restrict cell division.", "?pathway DECREASES cell division"),
    ])
    func polarityOfClauseRelations(_ sentence: String, _ expected: String) {
        let got = Self.typed(sentence)
        #expect(got.contains(expected), "\(sentence) -> \(got)")
        let bare = expected.drop { $0 == "!" || $0 == "?" }
        #expect(!got.contains(String(bare)), "\(sentence): also stated as asserted -> \(got)")
    }

    @Test(arguments: [
        "The samples were blocked overnight.",                  // agentless passive
        "Peptides were generated by digestion with trypsin.",   // method, past tense
        "We tested whether pH affects the assembly.",           // a question
        "The calcium binding domains were mutated.",            // -ing compound
        "This set comprises only a tiny fraction.",             // lone modifier object
        "We measured the effect of hydration on the tensile strength.", // a question studied, not a finding
        "Nacre is more tough than calcite.",                     // a comparative, not a predicative adjective
        "The fibre is tough material.",                          // the adjective modifies a noun
        "The stiffness is hard to measure.",                     // "hard to": no property named
        "The hydrogel is hard to remove.",                       // an infinitive after "to", not a noun
        "The interaction is relatively strong.",                 // "strong" names no property of the lexicon
        "Collagen, elastin, and resilins is a list.",            // no agreement: a conjunct, not a clause
        "There are few fibres, although the density is high, resulting in weak joints.", // an -ing clause's subject is the clause
        "A key regulator of bone remodeling was identified.",   // a predicate noun without a copula names a thing
        "In addition to the Statement, a guideline was produced.", // a fronted prepositional phrase is no apposition
        "The cells, a pronounced advancement, grew.",            // an event noun is no class of the noun before it
    ])
    func noClauseRelation(_ sentence: String) {
        #expect(Self.typed(sentence).isEmpty, "\(sentence) -> \(Self.typed(sentence))")
    }

    /// Readings the audit of typed edges found wrong (docs/graph-quality.md, fresh sample): each
    /// sentence must not give the edge on the right (any polarity).
    @Test(arguments: [
        // the noun after a copula is a predicate noun, not the subject of what follows it
        ("Bones are rigid structures made up of mineralized tissue.", "rigid structure COMPOSED_OF mineralized tissue"),
        ("Amyloids are highly organized protein aggregates that are associated with several diseases.",
         "organized protein aggregate CORRELATES_WITH"),
        // a participle or an -ing form after a noun belongs to that noun, not to a relative clause's antecedent
        ("Fibrils form amyloids that control a native function called incompatibility.", "incompatibility IS_A amyloid"),
        ("Fucose was the only sugar that inhibited toxin binding to epithelial cells.", "fucose BINDS"),
        // "that" after a noun of thought or an -ing word opens a clause of content, not a relative clause
        ("This supported our speculation that increased oxidative stress is a pathogenic mechanism.", "speculation IS_A"),
        ("The curve did not level off, suggesting that increasing sampling would result in more species.", "suggesting CAUSES"),
        // a pronoun after a clause with a subject of its own, or after ";", is not read as the main subject
        ("This result was unexpected, considering that the antigen elicits a response and it is a candidate protein.", "result IS_A"),
        ("This knowledge can be attributed to the nature of the channel; it is a transmembrane protein.", "knowledge IS_A"),
        ("The rhythms persist in the dark, which shows they are generated by the clock.", "rhythm"),
        // a coordinated verb: not an adjective ("and bound proteins", "upper and lower"), not a verb joined to an
        // infinitive ("to reduce X and improve Y"), not across a subordinate clause with its own subject
        ("Beads were washed with buffer and bound proteins were eluted with glutathione.", "bead BINDS"),
        ("The bacterium lives in the upper and lower airways of goats.", "DECREASES"),
        ("The framework is a useful tool to reduce poverty and improve child health.", "framework INCREASES"),
        ("This isolate was associated with failure, although this organism was not sequenced and was assumed to be an isolated case.", "isolate IS_A"),
        ("The lens samples showed the lack of segregation of the experimental and control samples.", "REGULATES"),
        // a means after "by" (a gerund, another nominal) is no agent; a verb is no object before a nominal
        ("The defect was due to an up-regulation of apoptosis by staining cells with annexin.", "staining"),
        ("A denser network resists degradation by collagenase longer.", "DECREASES"),
        // "as though": a counterfactual; "use X to determine Y" measures Y; "we used X to generate Y" is a method
        ("The criticism is framed as though it is a criticism of the method.", "IS_A"),
        ("We used cryo-EM to determine the polarity of the filaments.", "DETERMINES"),
        ("We used the software to generate lists of binding sites.", "CAUSES"),
        // "to have a role": "have" is the verb, not the copula before it
        ("The enzyme has been suggested to have a regulatory role in immune responses.", "IS_A regulatory role"),
        // a bare verb after a singular noun is a compound noun
        ("We thank the malaria control program for support.", "malaria REGULATES program"),
        // items of a list are no apposition
        ("The instrument consisted of a laser source, a photodiode detector, and a motorized stage.",
         "laser source IS_A photodiode detector"),
        // a physical link, not a correlation; what a thing is, not a use
        ("The proteins covalently linked to the cell wall were extracted.", "CORRELATES_WITH"),
        ("Monalysin acts as a pore-forming toxin.", "USED_FOR"),
        // the second conjunct of a subject is not the subject
        ("The differences between the two models and the crystal structure may be due to the initial configuration.",
         "initial configuration CAUSES crystal structure"),
        ("The ability to bind collagen increases the stiffness.", "collagen INCREASES stiffness"),
        // the object of a preposition is not the subject
        ("A model in which fibers align to maximal stress directions generates a radial zonation.",
         "stress direction CAUSES radial zonation"),
        // an "and" inside an attachment or after a gerund joins objects, adjectives share a head
        ("The self-association of peptides and proteins plays an important role in amyloid diseases.", "protein CONTRIBUTES_TO"),
        ("Restoring calcium and collagen resulted in increases in the stiffness.", "collagen INCREASES"),
        ("Dry and wet fibres increase the toughness.", "dry INCREASES"),
        // an amount after "by" is no agent; a cause with its sign turned is not a cause
        ("The stiffness decreased by a small proportion.", "proportion DECREASES"),
        ("Decreased crosslinking resulted in faster degradation.", "crosslinking CAUSES"),
        // a step of a study is no use
        ("BRCA1, a tumor suppressor gene, was chosen for further investigation.", "USED_FOR"),
        // a coordinated object is never a verb, the subject of a clause of its own or a word of a
        // mixture's IS_A
        ("Increasing crosslink density increases stiffness and slows swelling.", "INCREASES swelling"),
        ("Collagen molecules assemble into fibrils, and plate-shaped crystals nucleate in the gaps.", "PART_OF plate"),
        ("Tablet sliding controls crack initiation, and crack deflection and bridging control crack growth.", "REGULATES crack deflection"),
        ("Nanocrystals are embedded in collagen fibrils and also coat the fibrils.", "coat"),
        ("The protein is enclosed in vesicles and circulates in plasma.", "circulate"),
        ("The bacterium attaches to the intestinal wall and starts producing the toxin.", "start"),
        ("Lamin overexpression causes growth arrest and ectopic Fos partially overcomes the arrest.", "CAUSES ectopic"),
        ("Crosslinking increased the strength and the modulus decreases with age.", "INCREASES modulus"),
        ("Bone is a composite of collagen and water.", "IS_A"),
        // a relationship studied, a hypothesis, a phrase the reader cut: no correlation
        ("We examined the relationship between porosity and toughness.", "CORRELATES_WITH"),
        ("The relationship between porosity and toughness was examined in a study.", "CORRELATES_WITH"),
        ("The relationships between the bones and the passages were highly plastic.", "CORRELATES_WITH"),
        ("Results showed a strong correlation between protein aggregates and Bap mediated biofilm formation.", "CORRELATES_WITH"),
        ("There has been no study about the possible association between telomeres and mitochondrial function.", "CORRELATES_WITH"),
        // a governing factor in the past tense, a person, a step: no measurement
        ("The toughness was determined by the collagen network.", "MEASURED_BY"),
        ("Samples were examined by two observers.", "MEASURED_BY"),
        ("Your revised article has been favorably evaluated by Michael Marletta.", "MEASURED_BY"),
        ("Permeability was assessed by measuring the steady-state flux.", "MEASURED_BY"),
        ("The fluorescence was measured with excitation at 280 nm.", "MEASURED_BY"),
        ("Bone is characterized by high toughness.", "MEASURED_BY"),
        // "by" after an inner nominal names that nominal's agent
        ("Ligands act through the inhibition of telomere extension by telomerase.", "telomerase"),
        // "depending on" attaches to the verb, not to the noun phrase before it
        ("Bats determine features of moth prey depending on their shape and size.", "bat DETERMINES"),
        // a participle before a noun in a list of things is no verb of the list
        ("Dysfunction results in decreased liver function, impaired oxygen handling, steatosis and liver damage.", "steatosis"),
        // "not only" denies nothing
        ("Hydration lowers stiffness, not only toughness.", "toughness"),
        // "using", "following" are no modifiers
        ("Images were acquired using lasers from a laser module.", "IS_A"),
        ("The following plasmids were used for transactivation assays.", "following plasmid"),
        // a verb is no subject ("lines that express lower levels of protein")
        ("Such lines express lower levels of transgenic protein.", "express"),
        // an -ing adjective alone names nothing
        ("Our aim is to see if the measures provide interesting results in a different disease.", "interesting"),
    ])
    func auditedMisreadings(_ sentence: String, _ forbidden: String) {
        let got = Self.typed(sentence).map { String($0.drop { $0 == "!" || $0 == "?" }) }
        #expect(!got.contains { $0.contains(forbidden) }, "\(sentence) -> \(got)")
    }

    /// Polarity found wrong by the audit: hedges that are not denials, hedges that do not govern
    /// the statement, and statements under a hypothesis.
    @Test(arguments: [
        ("These fibers are not necessarily involved in load bearing.", "?fiber CONTRIBUTES_TO load bearing"),
        ("The null hypothesis that aging does not degrade bone strength was rejected.", "?aging DECREASES bone strength"),
        ("It is generally thought that bone loss is determined by hormone levels.", "?hormone level DETERMINES bone loss"),
        ("In the proposed model, collagen increases the stiffness.", "collagen INCREASES stiffness"),
        ("Relapse might follow from the fibroblasts that caused the scarring.", "fibroblast CAUSES scarring"),
    ])
    func polarityFromTheAudit(_ sentence: String, _ expected: String) {
        let got = Self.typed(sentence)
        #expect(got.contains(expected), "\(sentence) -> \(got)")
        let bare = String(expected.drop { $0 == "!" || $0 == "?" })
        for mark in ["", "!", "?"] where mark + bare != expected {
            #expect(!got.contains(mark + bare), "\(sentence): also or instead \(mark + bare) -> \(got)")
        }
    }

    /// Author contributions, funding, competing interests, acknowledgements and data
    /// availability say who did or paid for what: nothing is read from them.
    @Test func administrativeSectionsAreNotRead() {
        let text = "CC participated in the design of the study. Collagen increases toughness."
        for type in GraphExtractor.administrativeSections.sorted() {
            let g = TestSupport.extractor.extract(paper: PaperInput(paperKey: "p", chunks: [.init(index: 0, sectionType: type, text: text)]))
            #expect(g.relations.isEmpty && g.mentions.isEmpty, "\(type): \(g.relations.map(\.predicate))")
        }
        let body = TestSupport.extractor.extract(paper: PaperInput(paperKey: "p", chunks: [.init(index: 0, sectionType: "results", text: text)]))
        #expect(body.relations.contains { $0.source == "collagen" && $0.predicate == .increases && $0.target == "toughness" })
    }

    /// A noun phrase that is the argument of several relations is one mention.
    @Test func coordinatedArgumentsAreMentionedOnce() {
        let g = TestSupport.graph("Parathyroid hormone, Klotho, and FGF23 have been shown to act as key regulators of serum calcium and phosphate homeostasis.")
        #expect(g.relations.filter { $0.predicate == .regulates }.count == 6, "\(g.relations)")
        let spans = g.mentions.map { "\($0.chunkIndex):\($0.range):\($0.entityKey)" }
        #expect(Set(spans).count == spans.count, "\(spans)")
    }

    @Test func negatedStatementIsKeptWithoutCoOccurrence() {
        let g = TestSupport.graph("Its toughness cannot be explained by mineral content.")
        #expect(!g.relations.contains { $0.polarity == .asserted }, "\(g.relations)")
        #expect(g.relations.first { $0.predicate == .determines }?.cue == "cannot")
    }

    static func comparisons(_ s: String) -> [String] {
        TestSupport.graph(s).comparisons.map {
            ($0.polarity == .negated ? "!" : "") + "\($0.a) \($0.direction.rawValue) \($0.b) \($0.property ?? "-")"
                + ($0.ratio.map { " x\(Int($0))" } ?? "")
        }
    }

    @Test(arguments: [
        ("Nacre has a 3000-fold higher toughness than aragonite.", "nacre higher aragonite toughness x3000"),
        ("Enamel is harder than dentin.", "enamel higher dentin hardness"),
        ("Wet fibers are softer than dry fibers.", "wet fiber lower dry fiber stiffness"),
        ("Silk films showed a lower porosity compared with collagen scaffolds.", "silk film lower collagen scaffold porosity"),
        ("Chitin fibers have a higher density than that of keratin fibers.", "chitin fiber higher keratin fiber density"),
        ("Enamel is not harder than dentin.", "!enamel higher dentin hardness"),
        ("Spider silk is three times stronger than steel.", "spider silk higher steel strength x3"),
    ])
    func comparatives(_ sentence: String, _ expected: String) {
        let got = Self.comparisons(sentence)
        #expect(got == [expected], "\(sentence) -> \(got)")
    }

    @Test func comparisonKeysAreEntities() {
        let g = TestSupport.graph("Enamel is harder than dentin. Spider silk is three times stronger than steel.")
        for c in g.comparisons {
            for key in [c.a, c.b] + [c.property].compactMap({ $0 }) { #expect(g.entity(key) != nil, "\(key) is no entity") }
        }
        #expect(g.comparisons.count == 2)
    }

    @Test func comparativeNeedsAProperty() {
        #expect(Self.comparisons("More samples than expected were lost.").isEmpty)
    }

    @Test func propertyNamedByTheText() throws {
        let v = try #require(TestSupport.graph("The fibrils had overall diameters ranging from 6 to 12 nm.").propertyValues.first)
        #expect(v.property == "diameter", "\(v)")
        #expect(abs((v.quantity.low ?? 0) - 6e-9) < 1e-15 && abs((v.quantity.high ?? 0) - 12e-9) < 1e-15, "\(v.quantity)")
        let f = try #require(TestSupport.graph("A constant force of 300 pN was applied.").propertyValues.first)
        #expect(f.property == "constant force" && f.quantity.unit == "N" && f.entity == nil)
        let after = try #require(TestSupport.graph("Silk has a 10 GPa modulus.").propertyValues.first)
        #expect(after.property == "modulus" && after.quantity.central == 10e9)
    }

    /// Owners only a noun phrase names: a parenthesis that opens with the property, and the
    /// owners of a "respectively" list (aligned with the values; never the mention next to the property).
    @Test func valueOwnersFromParenthesesAndRespectively() throws {
        let fibers = TestSupport.graph("The peptide formed densely packed fibres (thickness: ∼150 nm).").propertyValues
        #expect(fibers.map(\.entity) == ["fiber"], "\(fibers)")
        let pair = TestSupport.graph("Thus, spider silk and silk fibroin had elastic moduli of 20 GPa and 12 GPa, respectively.").propertyValues
        #expect(pair.map { "\($0.entity ?? "-") \(Int(($0.quantity.central ?? 0) / 1e9))" } == ["spider silk 20", "silk fibroin 12"], "\(pair)")
        // One owner for the whole list.
        let one = TestSupport.graph("Silk had a Young's modulus of 10 GPa and 5 GPa in the dry and wet state, respectively.").propertyValues
        #expect(one.count == 2 && one.allSatisfy { $0.entity == "silk" }, "\(one)")
        // A first owner the reader cannot name: no owner rather than a wrong one.
        let cut = TestSupport.graph("The protein expressed in E. coli and the native silk had moduli of 5 GPa and 7 GPa, respectively.").propertyValues
        #expect(!cut.contains { $0.entity == "coli" || $0.entity == "e coli" }, "\(cut)")
    }

    @Test func noValueForAnUnknownHead() {
        #expect(TestSupport.graph("The colour index was 20 GPa.").propertyValues.isEmpty)
        #expect(TestSupport.graph("The sample mass was 20 GPa.").propertyValues.isEmpty, "a mass is not a pressure")
    }
}
