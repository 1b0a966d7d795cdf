/// Normalises names to keys so that spelling variants meet: lower case, Greek letters spelled
/// out ("α" -> "alpha"), hyphens, slashes and spaces as one separator, possessive "'s" dropped,
/// British spellings made American ("fibre" -> "fiber", "mineralisation" -> "mineralization"),
/// and the last word made singular ("fibrils" -> "fibril").
public enum TermNormalizer {
    /// The normalised key of a name: "β-Sheets" -> "beta sheet", "Young's moduli" -> "young modulus".
    public static func key(_ name: String) -> String {
        let words = self.words(name)
        guard !words.isEmpty else { return "" }
        var norm = words.map(normalizeWord)
        norm[norm.count - 1] = singular(norm[norm.count - 1])
        return norm.joined(separator: " ")
    }

    /// The word tokens of a name (letters and digits), before normalisation.
    static func words(_ name: String) -> [String] {
        let scalars = Array(name.unicodeScalars)
        return Tokenizer.tokens(scalars, in: 0..<scalars.count).filter { $0.kind != .punct }.map(\.text)
    }

    /// Normalises one word (not singularised): lower case, Greek, possessive, spelling.
    static func normalizeWord(_ word: String) -> String {
        // "G′" -> "gprime", "G″" / "G''" -> "gdprime": the storage and the loss modulus stay apart.
        let scalars = Array(word.unicodeScalars)
        if scalars.count >= 2, scalars.count <= 3, scalars[0].properties.isUppercase, scalars.dropFirst().allSatisfy(Tokenizer.isPrime) {
            let primes = scalars.dropFirst().reduce(0) { $0 + ($1 == "\u{2033}" ? 2 : 1) }
            return String(scalars[0]).lowercased() + (primes >= 2 ? "dprime" : "prime")
        }
        var w = ""
        for s in word.lowercased().unicodeScalars {
            if let g = greek[s] { w += g } else if s == "\u{2019}" { w += "'" } else { w.unicodeScalars.append(s) }
        }
        if w.hasSuffix("'s") { w.removeLast(2) } else if w.hasSuffix("s'") { w.removeLast(1) }
        w = w.replacingOccurrences(of: "'", with: "")
        return americanize(w)
    }

    /// Greek letters (both cases, plus the micro sign) and their names.
    static let greek: [Unicode.Scalar: String] = {
        let names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
                     "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"]
        var map: [Unicode.Scalar: String] = [:]
        for (i, n) in names.enumerated() {
            let lowerValue = 0x03B1 + UInt32(i) + (i >= 17 ? 1 : 0)   // skip final sigma U+03C2
            let upperValue = 0x0391 + UInt32(i) + (i >= 17 ? 1 : 0)   // skip the gap at U+03A2
            if let lo = Unicode.Scalar(lowerValue) { map[lo] = n }
            if let up = Unicode.Scalar(upperValue) { map[up] = n }
        }
        map["\u{03C2}"] = "sigma"
        map["\u{00B5}"] = "mu"
        map["\u{03D1}"] = "theta"
        map["\u{03D5}"] = "phi"
        return map
    }()

    /// Whole-word British -> American spellings that the suffix rules below do not cover.
    static let britishWords: [String: String] = [
        "fibre": "fiber", "fibres": "fibers", "centre": "center", "centres": "centers", "metre": "meter",
        "litre": "liter", "calibre": "caliber", "sulphur": "sulfur", "sulphate": "sulfate", "sulphide": "sulfide",
        "aluminium": "aluminum", "defence": "defense", "ageing": "aging", "mould": "mold", "grey": "gray",
        "programme": "program", "tumour": "tumor", "colour": "color", "behaviour": "behavior", "favour": "favor",
        "vapour": "vapor", "labour": "labor", "odour": "odor", "humour": "humor", "rigour": "rigor",
        "haemolymph": "hemolymph", "oedema": "edema", "foetus": "fetus", "foetal": "fetal", "caesium": "cesium",
        "aesthetic": "esthetic", "analyse": "analyze", "analysed": "analyzed", "catalyse": "catalyze",
        "catalysed": "catalyzed", "hydrolyse": "hydrolyze", "hydrolysed": "hydrolyzed", "dialyse": "dialyze",
        "tyre": "tire", "modelling": "modeling", "modelled": "modeled", "labelling": "labeling", "labelled": "labeled",
        "travelling": "traveling", "signalling": "signaling", "channelling": "channeling", "cancelled": "canceled",
        "grey-scale": "gray-scale", "plough": "plow", "storey": "story", "anaesthesia": "anesthesia",
    ]

    /// British -> American spelling of one lowercased word.
    static func americanize(_ w: String) -> String {
        if let a = britishWords[w] { return a }
        var w = w
        if irregularPlurals[w] == nil, w.hasSuffix("s"), let a = britishWords[String(w.dropLast())] { return a + "s" }
        // Greek-derived "ae"/"oe" in medical words (checked cheaply first: this runs on every word).
        let bytes = Array(w.utf8)
        var hasDiphthong = false
        if bytes.count >= 4 {
            for k in 0..<(bytes.count - 1) where (bytes[k] == 97 || bytes[k] == 111) && bytes[k + 1] == 101 { hasDiphthong = true; break }
        }
        for (b, a) in [("haem", "hem"), ("anaem", "anem"), ("leukaem", "leukem"), ("paed", "ped"),
                       ("oesophag", "esophag"), ("oestr", "estr"), ("orthopaed", "orthoped"), ("foet", "fet"),
                       ("haemat", "hemat"), ("glycaem", "glycem"), ("ischaem", "ischem"), ("caes", "ces")] where hasDiphthong && w.contains(b) {
            w = w.replacingOccurrences(of: b, with: a)
        }
        // -isation/-ise/-ising/-ised -> -ization/-ize...; only for words long enough to be verbs in -ise.
        guard bytes.count > 5, bytes.last == 101 || bytes.last == 100 || bytes.last == 103 || bytes.last == 114
                || bytes.last == 115 || bytes.last == 110 else { return w }
        for (b, a) in [("isation", "ization"), ("isations", "izations"), ("ising", "izing"), ("ised", "ized"),
                       ("iser", "izer"), ("isers", "izers"), ("ises", "izes"), ("ise", "ize")] where w.hasSuffix(b) {
            let stem = String(w.dropLast(b.count))
            if stem.count >= 4 && !isNotIseVerb(stem + "ise") { return stem + a }
        }
        for (b, a) in [("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing")] where w.hasSuffix(b) && w.count > 6 {
            return String(w.dropLast(b.count)) + a
        }
        return w
    }

    /// Words in -ise that are spelled so in American English too.
    static func isNotIseVerb(_ w: String) -> Bool {
        ["advertise", "advise", "arise", "chastise", "circumcise", "comprise", "compromise", "concise", "demise",
         "despise", "devise", "disguise", "enterprise", "excise", "exercise", "expertise", "franchise", "improvise",
         "incise", "merchandise", "otherwise", "precise", "premise", "promise", "reprise", "revise", "supervise",
         "surmise", "surprise", "televise", "treatise", "noise", "raise", "praise", "poise", "cruise", "bruise",
         "guise", "clockwise", "likewise", "mortise", "paradise", "valise", "anise"].contains(w)
    }

    /// Irregular and Latin plurals.
    static let irregularPlurals: [String: String] = [
        "analyses": "analysis", "bases": "base", "axes": "axis", "matrices": "matrix", "indices": "index",
        "vertices": "vertex", "apices": "apex", "lamellae": "lamella", "fibrillae": "fibrilla", "vertebrae": "vertebra",
        "larvae": "larva", "algae": "alga", "formulae": "formula", "antennae": "antenna", "bacteria": "bacterium",
        "criteria": "criterion", "phenomena": "phenomenon", "data": "data", "media": "medium", "strata": "stratum",
        "nuclei": "nucleus", "fungi": "fungus", "stimuli": "stimulus", "foci": "focus", "loci": "locus",
        "bacilli": "bacillus", "radii": "radius", "moduli": "modulus", "genera": "genus", "corpora": "corpus",
        "mitochondria": "mitochondrion", "spermatozoa": "spermatozoon", "protozoa": "protozoan", "teeth": "tooth",
        "feet": "foot", "mice": "mouse", "lice": "louse", "geese": "goose", "children": "child", "men": "man",
        "women": "woman", "hypotheses": "hypothesis", "syntheses": "synthesis", "theses": "thesis",
        "diagnoses": "diagnosis", "prostheses": "prosthesis", "crises": "crisis", "leaves": "leaf", "halves": "half",
        "lives": "life", "knives": "knife", "shelves": "shelf", "wolves": "wolf", "calves": "calf",
        "appendices": "appendix", "cortices": "cortex", "helices": "helix", "lumina": "lumen", "foramina": "foramen",
        "taxa": "taxon", "niches": "niche", "caches": "cache", "spectra": "spectrum", "maxima": "maximum", "minima": "minimum", "optima": "optimum",
    ]

    /// Words ending in "s" that are not plurals.
    static let singularS: Set<String> = [
        "species", "series", "chassis", "gas", "bias", "alias", "lens", "mass", "class", "glass", "grass", "process",
        "stress", "access", "success", "thickness", "hardness", "toughness", "stiffness", "roughness", "brittleness",
        "is", "was", "has", "this", "its", "his", "us", "thus", "plus", "bus", "virus", "corpus", "status", "focus",
        "apparatus", "fetus", "uterus", "humerus", "nexus", "sinus", "stimulus", "modulus", "radius",
        "locus", "fungus", "nucleus", "calculus", "cactus", "octopus", "platypus", "abacus", "hippocampus",
        "analysis", "synthesis", "hypothesis", "genesis", "osteogenesis", "biogenesis", "apoptosis", "fibrosis",
        "osteoporosis", "sclerosis", "necrosis", "mitosis", "meiosis", "homeostasis", "metastasis", "thesis",
        "axis", "basis", "diagnosis", "prosthesis", "crisis", "tendinosis", "arthrosis", "dermis", "epidermis",
        "pelvis", "cutis", "testis", "iris", "news", "physics", "mechanics", "biomechanics",
        "genetics", "genomics", "proteomics", "dynamics", "kinetics", "statistics", "mathematics", "electronics",
        "optics", "economics", "ethics", "diabetes", "herpes", "rabies", "measles", "mumps", "means", "always",
        "perhaps", "whereas", "across", "towards", "afterwards", "sometimes", "nevertheless", "less", "unless",
        "various", "previous", "numerous", "porous", "fibrous", "aqueous", "amorphous", "cancellous", "osseous",
        "mucus", "pus", "bis", "tris", "chaos", "cosmos", "ethos", "pathos", "atlas", "canvas", "trellis", "tennis",
        "yes", "lupus", "anus", "campus", "census", "consensus", "onus",
    ]

    /// The singular of one normalised word: "fibrils" -> "fibril", "properties" -> "property",
    /// "moduli" -> "modulus". Short words and acronyms in -s stay.
    static func singular(_ w: String) -> String {
        if let s = irregularPlurals[w] { return s }
        if w.count <= 3 || singularS.contains(w) { return w }
        if w.hasSuffix("ss") || w.hasSuffix("us") || w.hasSuffix("is") || w.hasSuffix("ous") { return w }
        if w.hasSuffix("ies") && w.count > 4 { return String(w.dropLast(3)) + "y" }
        for suffix in ["sses", "xes", "ches", "shes"] where w.hasSuffix(suffix) {
            return String(w.dropLast(2))
        }
        if w.hasSuffix("s"), let before = w.dropLast().last, before != "s", before != "'" {
            return String(w.dropLast())
        }
        return w
    }
}
