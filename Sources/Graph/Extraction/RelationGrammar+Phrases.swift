/// The phrase table: verbs in all their forms, passives ("is increased by") reversed.
extension RelationGrammar {
    /// Forms of a verb: base, 3rd person, past, past participle, -ing.
    struct Verb {
        var base: String, third: String, past: String, participle: String, ing: String

        static func regular(_ base: String) -> Verb {
            if base.hasSuffix("e") {
                let stem = String(base.dropLast())
                return Verb(base: base, third: base + "s", past: base + "d", participle: base + "d", ing: stem + "ing")
            }
            if base.hasSuffix("y"), let p = base.dropLast().last, !"aeiou".contains(p) {
                let stem = String(base.dropLast())
                return Verb(base: base, third: stem + "ies", past: stem + "ied", participle: stem + "ied", ing: base + "ing")
            }
            if base.hasSuffix("sh") || base.hasSuffix("ch") || base.hasSuffix("ss") || base.hasSuffix("x") {
                return Verb(base: base, third: base + "es", past: base + "ed", participle: base + "ed", ing: base + "ing")
            }
            return Verb(base: base, third: base + "s", past: base + "ed", participle: base + "ed", ing: base + "ing")
        }

        var active: [String] { [base, third, past, ing] }
    }

    static func v(_ base: String) -> Verb { Verb.regular(base) }

    /// Active forms (+ particle) forward; participle + "by" reversed.
    static func effect(_ verbs: [Verb], _ p: RelationPredicate, particles: [[String]] = [[]], passive: Bool = true,
                       withReversed: Bool = false) -> [Phrase] {
        var out: [Phrase] = []
        for verb in verbs {
            for form in Set(verb.active) {
                for particle in particles { out.append(Phrase(words: [form] + particle, predicate: p, reversed: false)) }
                if withReversed { out.append(Phrase(words: [form, "with"], predicate: p, reversed: true)) }
            }
            if passive { out.append(Phrase(words: [verb.participle, "by"], predicate: p, reversed: true)) }
        }
        return out
    }

    static func split(_ s: String) -> [String] { s.split(separator: " ").map(String.init) }

    static func fixed(_ list: [String], _ p: RelationPredicate, reversed: Bool = false, condition: Condition = .none,
                      copula: Bool = false) -> [Phrase] {
        list.map { Phrase(words: split($0), predicate: p, reversed: reversed, condition: condition, needsCopula: copula) }
    }

    static let phrases: [Phrase] = {
        var t: [Phrase] = []
        // INCREASES / DECREASES: "X increases Y", "Y is increased by X", "Y increases with X".
        t += effect(["increase", "enhance", "promote", "improve", "raise", "elevate", "upregulate", "augment", "boost",
                     "strengthen", "stimulate", "accelerate", "induce", "activate", "potentiate",
                     "facilitate", "exacerbate", "intensify"].map(v), .increases)
        t += effect([v("increase")], .increases, particles: [], passive: false, withReversed: true)
        t += fixed(["up regulate", "up regulates", "up regulated", "up regulating"], .increases)
        t += fixed(["up regulated by"], .increases, reversed: true)
        t += effect(["decrease", "reduce", "inhibit", "suppress", "lower", "attenuate", "diminish", "impair",
                     "downregulate", "block", "prevent", "abolish", "weaken", "repress", "abrogate", "hinder",
                     "retard", "antagonize", "counteract", "limit", "restrict", "constrain", "blunt", "disrupt",
                     "destabilize", "compromise", "degrade", "resorb"].map(v), .decreases)
        t += effect([v("decrease")], .decreases, particles: [], passive: false, withReversed: true)
        t += fixed(["down regulate", "down regulates", "down regulated", "down regulating"], .decreases)
        t += fixed(["down regulated by"], .decreases, reversed: true)
        // REGULATES
        t += effect(["regulate", "modulate", "control", "mediate", "affect", "influence",
                     "alter", "orchestrate", "fine tune", "coordinate", "guide"].map(v), .regulates)
        // Not "remodel(ing)": "bone remodeling" is a noun.
        t += fixed(["remodels", "remodeled", "remodelled"], .regulates)
        t += fixed(["remodeled by", "remodelled by"], .regulates, reversed: true)
        t += fixed(["controlled by", "controls", "controlling"], .regulates, reversed: false).filter { $0.words != ["controlled", "by"] }
        t += fixed(["controlled by"], .regulates, reversed: true)
        // BINDS
        t += effect([v("bind")].map { Verb(base: $0.base, third: "binds", past: "bound", participle: "bound", ing: "binding") },
                    .binds, particles: [[], ["to"]])
        t += fixed(["bound to", "bound by"], .binds)   // "X is bound to Y": symmetric enough to keep forward
        t += effect(["interact", "complex", "coassemble", "crosslink"].map(v), .binds,
                    particles: [["with"]], passive: false)
        t += effect(["attach", "adsorb", "anchor", "adhere"].map(v), .binds, particles: [["to"], ["onto"]], passive: false)
        t += effect([v("chelate")], .binds)
        t += fixed(["forms a complex with", "form a complex with", "formed a complex with", "forms complexes with",
                    "form complexes with", "formed complexes with", "in complex with", "cross linked with",
                    "cross linked to", "cross links"], .binds)
        // COMPOSED_OF / PART_OF
        t += fixed(["consists of", "consist of", "consisted of", "consisting of", "composed of", "made of",
                    "made up of", "comprised of", "comprises", "comprise", "comprising", "contains", "contain",
                    "containing", "rich in", "formed from", "formed of", "built from", "built of", "constructed from",
                    "constructed of", "assembled from", "reinforced with", "reinforced by", "incorporating",
                    "incorporates", "incorporated", "enriched in", "enriched with", "filled with", "loaded with",
                    "coated with", "formed by", "composed mainly of", "composed primarily of", "composed mostly of",
                    "consists mainly of", "consist mainly of", "consisted mainly of", "consisting mainly of",
                    "consists mostly of", "consist mostly of", "consists primarily of", "consist primarily of",
                    "consists largely of", "consists predominantly of", "made mainly of", "made mostly of",
                    "composed largely of", "composed predominantly of"], .composedOf)
        for n in ["component", "components", "constituent", "constituents", "subunit", "subunits", "part", "parts",
                  "building block", "building blocks", "element", "elements", "domain", "domains", "fraction"] {
            t += fixed(["\(n) of", "a \(n) of", "an \(n) of", "one \(n) of"], .partOf)
            for adj in ["major", "main", "key", "principal", "primary", "essential", "structural", "minor", "integral",
                        "important", "basic", "fundamental", "organic", "inorganic", "mineral", "protein", "dominant"] {
                t += fixed(["a \(adj) \(n) of", "an \(adj) \(n) of", "the \(adj) \(n) of", "\(adj) \(n) of"], .partOf)
            }
        }
        t += fixed(["the component of", "the components of", "forms part of", "form part of", "formed part of",
                    "incorporated into", "incorporated in", "embedded in", "embedded within"], .partOf)
        // Assembly and place: "tropocollagen molecules assemble into fibrils", "osteocytes reside in lacunae".
        // Not "aggregate(s)", "pack(s)" or "mature": a first word of the table is no noun or
        // adjective any more ("protein aggregates", "mature bone").
        t += fixed(["assemble into", "assembles into", "assembled into", "assembling into", "self assemble into",
                    "self assembles into", "self assembled into", "self assembling into", "aggregated into",
                    "organize into", "organizes into", "organized into",
                    "organise into", "organises into", "organised into", "arranged into", "packed into", "reside in", "resides in", "resided in", "residing in", "localized to", "localized in",
                    "localised to", "localised in", "located in", "located within",
                    "deposited in", "deposited within", "deposited on", "encapsulated in", "encapsulated within",
                    "enclosed in", "enclosed within", "housed in", "housed within", "intercalated between",
                    "sandwiched between"], .partOf)
        // Transformation: "ACP transforms into apatite" gives apatite DERIVED_FROM ACP.
        t += fixed(["transforms into", "transform into", "transformed into", "transforming into", "converts into",
                    "convert into", "converted into", "converting into", "matures into", "matured into",
                    "maturing into", "differentiate into", "differentiates into", "differentiated into",
                    "differentiating into", "develops into", "develop into", "developed into", "developing into",
                    "evolves into", "evolve into", "evolved into", "crystallizes into", "crystallize into",
                    "crystallized into", "crystallises into", "crystallised into", "recrystallizes into",
                    "recrystallized into"], .derivedFrom, reversed: true)
        // IS_A: "X is a Y", "X is a type of Y", "Ys such as X".
        t += fixed(["a", "an", "one of the", "among the"], .isA, copula: true)
        for n in ["type", "kind", "form", "class", "member", "family", "subtype", "variant", "subclass", "group",
                  "example", "instance", "category"] {
            t += fixed(["a \(n) of", "an \(n) of", "one \(n) of", "a new \(n) of", "a specific \(n) of",
                        "a major \(n) of", "a particular \(n) of", "\(n)s of"], .isA)
        }
        t += fixed(["known as", "called", "termed", ", known as", ", called", ", termed"], .isA, reversed: true)
        t += fixed(["belongs to the", "belong to the", "belonging to the", "classified as",
                    "known as a", "considered a", "considered as a", "regarded as a",
                    "considered to be", "considered to be a", "considered to be an", "regarded to be a"], .isA)
        t += fixed(["such as", ", such as", "including", ", including"], .isA, reversed: true, condition: .sameType)
        // USED_FOR
        for verb in ["used", "applied", "employed", "utilized", "exploited", "investigated", "proposed", "designed",
                     "developed", "engineered", "intended", "suited", "suitable", "useful", "chosen", "selected"] {
            t += fixed(["\(verb) for", "\(verb) in", "\(verb) as", "\(verb) as a", "\(verb) as an"], .usedFor)
        }
        // "amyloids may be used to make nanowires": a use named by what it makes.
        for verb in ["used", "employed", "utilized", "exploited"] {
            t += fixed(["make", "produce", "fabricate", "create", "build", "construct", "prepare", "form", "generate",
                        "synthesize", "synthesise", "assemble", "engineer", "design", "manufacture", "template",
                        // and by what it treats or mends: "sutures are used to sew up incisions"
                        "treat", "repair", "heal", "fill", "close", "sew", "sew up", "seal", "coat", "reinforce",
                        "replace", "regenerate", "deliver", "stabilize", "stabilise", "fix", "bind", "glue", "join",
                        "protect", "support"].map { "\(verb) to \($0)" },
                       .usedFor)
        }
        // Not "acts as"/"functions as" ("monalysin acts as a pore-forming toxin", "LH2 functions as the
        // hydroxylase": what it is, not a use) nor "a candidate for" (a candidate gene for a trait).
        t += fixed(["serves as", "serve as", "served as", "serving as", "for use in", "for use as",
                    "a material for", "promising for", "ideal for"], .usedFor)
        // DERIVED_FROM
        t += fixed(["derived from", "extracted from", "isolated from", "obtained from", "purified from",
                    "harvested from", "prepared from", "fabricated from", "regenerated from", "originating from", "spun from",
                    "originates from", "originate from", "produced by", "produced from", "secreted by",
                    "synthesized by", "spun by", "made by", "generated from", "recovered from", "sourced from",
                    "cloned from", "expressed by", "descended from", "descends from", "derives from", "derive from"], .derivedFrom)
        t += fixed(["from"], .derivedFrom, condition: .targetIsOrganism)
        t += fixed(["produces", "produce", "produced", "producing", "secretes", "secrete", "secreted", "secreting",
                    "synthesizes", "synthesize", "synthesized", "synthesizing", "spins", "spin", "spun", "spinning",
                    "deposits", "deposit", "deposited", "depositing", "makes", "make", "made"], .derivedFrom,
                   reversed: true, condition: .targetIsOrganismOrCell)
        // SIMILAR_TO
        t += fixed(["similar to", "analogous to", "comparable to", "homologous to", "akin to", "reminiscent of",
                    "resembles", "resemble", "resembled", "resembling", "mimics", "mimic", "mimicked", "mimicking",
                    "identical to", "equivalent to", "comparable with", "structurally similar to", "closely related to",
                    "homolog of", "homologue of", "ortholog of", "paralog of", "analog of", "analogue of"], .similarTo)
        // EXHIBITS_PROPERTY: "X has a high Y", "X with high Y", "the Y of X".
        t += fixed(["has", "have", "had", "having", "exhibits", "exhibit", "exhibited", "exhibiting", "shows", "show",
                    "showed", "showing", "displays", "display", "displayed", "displaying", "possesses", "possess",
                    "possessed", "possessing", "with", "combines", "combine", "combining", "achieves", "achieved",
                    "reaches", "reached", "retains", "retained", "demonstrates", "demonstrated"], .exhibitsProperty,
                   condition: .targetIsProperty)
        t += fixed(["of"], .exhibitsProperty, reversed: true, condition: .targetIsProperty)
        t += causalPhrases
        return t
    }()
}
