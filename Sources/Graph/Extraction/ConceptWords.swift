/// Word-shape tests for concept names without a POS tagger: verb-like first words
/// ("tested", "using", "revealed") that do not begin a noun phrase.
enum ConceptWords {
    /// -ed/-ing words that are commonly adjectives or nouns in this literature and may begin a term.
    static let nominalEdIng: Set<String> = [
        "cross", "linked", "crosslinked", "mineralized", "demineralized", "deproteinized", "hydrated", "dehydrated",
        "woven", "coated", "layered", "graded", "aligned", "oriented", "twisted", "plywood", "mixed", "modified",
        "recombinant", "engineered", "regenerated", "degummed", "untreated", "treated", "calcified", "decellularized",
        "lamellated", "plied", "banded", "striated", "hardened", "anodized", "sintered", "annealed", "bonded",
        "load", "bearing", "building", "signaling", "signalling", "binding", "folding", "spinning", "staining",
        "scanning", "sensing", "bridging", "string", "king", "ring", "spring", "wing", "sing", "bed", "seed", "red",
        "need", "shed", "feed", "speed", "weed", "breed", "reed", "sled", "bleed", "ded", "led", "embedded",
        "bending", "loading", "cracking", "swelling", "wetting", "healing", "self", "infrared", "coiled", "repeated",
    ]

    /// True for a past form or -ing form ("tested", "using") not known to begin terms.
    static func isVerbLike(_ w: String) -> Bool {
        guard w.count >= 5, !nominalEdIng.contains(w) else { return false }
        return w.hasSuffix("ed") || w.hasSuffix("ing")
    }
}
