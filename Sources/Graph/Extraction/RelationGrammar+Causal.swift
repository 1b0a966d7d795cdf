/// Causal and explanatory phrases: CAUSES, DETERMINES, CONTRIBUTES_TO, CORRELATES_WITH.
///
/// Direction is `source PREDICATE target`: "Y is caused by X", "Y results from X", "Y is due to X"
/// give X CAUSES Y; "Y is determined by / depends on / is explained by / is attributed to X" give
/// X DETERMINES Y; "X contributes to / is required for / plays a role in Y" give X CONTRIBUTES_TO Y;
/// "X correlates with / is associated with / scales with Y" give the undirected X CORRELATES_WITH Y.
extension RelationGrammar {
    static let causalPhrases: [Phrase] = {
        var t: [Phrase] = []
        // MEASURED_BY: "the modulus was measured by nanoindentation", "imaged with SEM", "assessed
        // using live/dead staining" (what was measured first, the method second).
        for verb in ["measured", "quantified", "quantitated", "imaged", "visualized", "visualised", "monitored", "estimated",
                     "calculated", "assessed", "evaluated", "examined", "analyzed", "analysed", "detected",
                     "probed", "recorded", "mapped", "confirmed", "verified", "identified", "observed", "tested"] {
            t += fixed(["\(verb) by", "\(verb) with", "\(verb) using", "\(verb) via", "\(verb) through"], .measuredBy)
        }
        // CAUSES
        t += effect(["cause", "generate", "trigger", "provoke", "elicit"].map(v)
                    + [Verb(base: "drive", third: "drives", past: "drove", participle: "driven", ing: "driving")], .causes)
        t += fixed(["leads to", "lead to", "led to", "leading to", "results in", "result in", "resulted in", "resulting in",
                    "gives rise to", "give rise to", "gave rise to", "giving rise to", "responsible for",
                    "brings about", "bring about", "brought about"], .causes)
        t += fixed(["results from", "result from", "resulted from", "resulting from", "due to", "owing to", "arises from",
                    "arise from", "arising from", "arose from", "stems from", "stem from", "stemming from",
                    "a consequence of", "the consequence of", "a result of", "the result of"], .causes,
                   reversed: true)
        // DETERMINES
        t += effect(["determine", "dictate", "govern"].map(v), .determines)
        t += fixed(["accounts for", "account for", "accounted for", "accounting for"], .determines)
        t += fixed(["depends on", "depend on", "depended on", "depending on", "dependent on", "depends upon",
                    "depend upon", "dependent upon", "explained by",
                    "accounted for by", "attributed to", "attributable to", "ascribed to", "because of",
                    "comes from", "come from", "came from", "comes mostly from", "comes mainly from",
                    "comes largely from"], .determines, reversed: true)
        // CONTRIBUTES_TO
        t += fixed(["contributes to", "contribute to", "contributed to", "contributing to", "required for",
                    "necessary for", "essential for", "needed for", "crucial for", "critical for", "important for",
                    "important in", "involved in", "implicated in", "participates in", "participate in",
                    "participated in", "a contributor to", "key to"], .contributesTo)
        for verb in ["plays", "play", "played", "playing"] {
            for adj in ["", "key ", "major ", "important ", "central ", "critical ", "crucial ", "significant ",
                        "essential ", "vital ", "pivotal ", "prominent ", "minor ", "dominant ", "fundamental "] {
                t += fixed(["\(verb) a \(adj)role in", "\(verb) an \(adj)role in", "\(verb) \(adj)roles in"], .contributesTo)
            }
        }
        // CORRELATES_WITH
        t += fixed(["correlates with", "correlate with", "correlated with", "correlating with", "correlated to",
                    "correlates to", "associated with", "scales with", "scale with",
                    "scaled with", "scaling with", "tied to", "tied with",
                    "proportional to", "a predictor of", "predictive of", "in proportion to", "covaries with",
                    "covary with"], .correlatesWith)
        // "linked to", "coupled to" state a correlation only after a copula ("X is linked to Y");
        // without one they name a physical link ("proteins covalently linked to the peptidoglycan").
        t += fixed(["linked to", "linked with", "coupled to", "coupled with"], .correlatesWith, copula: true)
        t += nominalPhrases
        t += copularNominalPhrases
        return t
    }()
}
