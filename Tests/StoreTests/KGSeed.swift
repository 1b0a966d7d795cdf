import Foundation
import PostgresNIO
import StoreTesting
@testable import Store

/// A small but realistic graph for the SQL API's golden tests and the repository tests:
/// four papers (bone, nacre, spider silk, and a review citing them), 28 entities, 36
/// relations with evidence sentences, property values and citations. Everything goes in
/// through `PaperRepository.store` and `GraphRepository.write`, as Ingest will do it.
enum KGSeed {
    /// Entity key -> (display name, type, surfaces searched in the text for mentions).
    static let catalog: [String: (name: String, type: String, surfaces: [String])] = [
        "bone": ("bone", "material", ["bone"]),
        "cortical bone": ("cortical bone", "material", ["cortical bone"]),
        "collagen": ("collagen", "protein", ["collagen"]),
        "collagen fibril": ("collagen fibril", "structure", ["collagen fibril"]),
        "gap zone": ("gap zone", "structure", ["gap zone"]),
        "hydroxyapatite": ("hydroxyapatite", "mineral", ["hydroxyapatite", "HAp"]),
        "mineralization": ("mineralization", "process", ["mineralization"]),
        "young modulus": ("Young's modulus", "property", ["Young's modulus"]),
        "osteopontin": ("osteopontin", "protein", ["osteopontin"]),
        "noncollagenous protein": ("non-collagenous protein", "protein", ["non-collagenous protein"]),
        "nacre": ("nacre", "material", ["nacre"]),
        "aragonite": ("aragonite", "mineral", ["aragonite"]),
        "organic matrix": ("organic matrix", "structure", ["organic matrix"]),
        "chitin": ("chitin", "polymer", ["chitin"]),
        "fracture toughness": ("fracture toughness", "property", ["fracture toughness"]),
        "tablet sliding": ("tablet sliding", "process", ["tablet sliding"]),
        "energy dissipation": ("energy dissipation", "process", ["energy dissipation"]),
        "spider silk": ("spider silk", "material", ["spider silk", "dragline silk"]),
        "spidroin": ("spidroin", "protein", ["spidroin"]),
        "beta sheet nanocrystal": ("β-sheet nanocrystal", "structure", ["beta-sheet nanocrystal"]),
        "tensile strength": ("tensile strength", "property", ["tensile strength"]),
        "hydrogen bond": ("hydrogen bond", "structure", ["hydrogen bond"]),
        "water": ("water", "material", ["water"]),
        "stiffness": ("stiffness", "property", ["stiffness"]),
        "hierarchical composite": ("hierarchical composite", "concept", ["hierarchical composite"]),
        "mineral bridge": ("mineral bridge", "structure", ["mineral bridge"]),
        "bioinspired design": ("bioinspired design", "application", ["bioinspired design"]),
        "structural protein": ("structural protein", "concept", ["structural protein"]),
    ]

    /// A relation stated by one or more sentences: (chunk ordinal, sentence index).
    struct Rel { var s: String, p: String, t: String, at: [(Int, Int)] }
    struct Value {
        var entity: String?
        var property: String
        var low: Double?
        var high: Double?
        var unit: String
        var original: String
        var chunk: Int
        var sentence: Int
    }

    struct Paper {
        var slug: String
        var title: String
        var year: Int
        var sections: [String]
        var chunks: [(section: Int, text: String)]
        var cites: [(doi: String, title: String)]
        var aliases: [String: [GraphRecord.Alias]]
        var extra: [String]   // entities mentioned without a relation
        var relations: [Rel]
        var values: [Value]
        var doi: String { "10.5555/kg.\(slug)" }
        var key: String { "doi:\(doi)" }
    }

    static let bone = Paper(
        slug: "bone", title: "Hierarchical mineralization of collagen fibrils in cortical bone", year: 2019,
        sections: ["Introduction", "Results"],
        chunks: [
            (0, "Bone is a hierarchical composite of collagen fibrils and hydroxyapatite crystals. Hydroxyapatite (HAp) platelets are embedded in the gap zones of collagen fibrils. Collagen fibrils are composed of collagen molecules."),
            (1, "Mineralization increases the Young's modulus of collagen fibrils. The Young's modulus of cortical bone was 15–20 GPa. Osteopontin, a non-collagenous protein, regulates mineralization. Cortical bone is a type of bone."),
        ],
        cites: [],
        aliases: [
            "hydroxyapatite": [.init(alias: "HAp", normalized: "hap", source: "abbreviation")],
            "mineralization": [.init(alias: "mineralisation", normalized: "mineralisation", source: "lexicon")],
            "young modulus": [.init(alias: "elastic modulus", normalized: "elastic modulus", source: "lexicon")],
        ],
        extra: ["gap zone"],
        relations: [
            Rel(s: "bone", p: "IS_A", t: "hierarchical composite", at: [(0, 0)]),
            Rel(s: "bone", p: "COMPOSED_OF", t: "collagen fibril", at: [(0, 0)]),
            Rel(s: "bone", p: "COMPOSED_OF", t: "hydroxyapatite", at: [(0, 0)]),
            Rel(s: "hydroxyapatite", p: "PART_OF", t: "collagen fibril", at: [(0, 1)]),
            Rel(s: "collagen fibril", p: "COMPOSED_OF", t: "collagen", at: [(0, 2)]),
            Rel(s: "mineralization", p: "INCREASES", t: "young modulus", at: [(1, 0)]),
            Rel(s: "collagen fibril", p: "EXHIBITS_PROPERTY", t: "young modulus", at: [(1, 0)]),
            Rel(s: "cortical bone", p: "EXHIBITS_PROPERTY", t: "young modulus", at: [(1, 1)]),
            Rel(s: "osteopontin", p: "IS_A", t: "noncollagenous protein", at: [(1, 2)]),
            Rel(s: "osteopontin", p: "REGULATES", t: "mineralization", at: [(1, 2)]),
            Rel(s: "cortical bone", p: "IS_A", t: "bone", at: [(1, 3)]),
        ],
        values: [Value(entity: "cortical bone", property: "young modulus", low: 1.5e10, high: 2.0e10, unit: "Pa", original: "15–20 GPa", chunk: 1, sentence: 1)])

    static let nacre = Paper(
        slug: "nacre", title: "Toughening mechanisms of nacre: aragonite tablets in a chitin-rich matrix", year: 2020,
        sections: ["Introduction", "Results"],
        chunks: [
            (0, "Nacre is composed of aragonite tablets bonded by a chitin-rich organic matrix. The organic matrix increases the fracture toughness of nacre. Chitin is part of the organic matrix."),
            (1, "Tablet sliding increases energy dissipation. Energy dissipation increases the fracture toughness of nacre. The fracture toughness of nacre was 3–7 MPa·m^1/2. Like bone, nacre is a hierarchical composite. Mineral bridges connect aragonite tablets in nacre."),
        ],
        cites: [("10.5555/kg.bone", "Hierarchical mineralization of collagen fibrils in cortical bone")],
        aliases: ["nacre": [.init(alias: "mother of pearl", normalized: "mother of pearl", source: "lexicon")]],
        extra: [],
        relations: [
            Rel(s: "nacre", p: "COMPOSED_OF", t: "aragonite", at: [(0, 0)]),
            Rel(s: "nacre", p: "COMPOSED_OF", t: "organic matrix", at: [(0, 0)]),
            Rel(s: "organic matrix", p: "INCREASES", t: "fracture toughness", at: [(0, 1)]),
            Rel(s: "chitin", p: "PART_OF", t: "organic matrix", at: [(0, 0), (0, 2)]),
            Rel(s: "tablet sliding", p: "INCREASES", t: "energy dissipation", at: [(1, 0)]),
            Rel(s: "energy dissipation", p: "INCREASES", t: "fracture toughness", at: [(1, 1)]),
            Rel(s: "nacre", p: "EXHIBITS_PROPERTY", t: "fracture toughness", at: [(0, 1), (1, 1), (1, 2)]),
            Rel(s: "nacre", p: "IS_A", t: "hierarchical composite", at: [(1, 3)]),
            Rel(s: "nacre", p: "SIMILAR_TO", t: "bone", at: [(1, 3)]),
            Rel(s: "mineral bridge", p: "PART_OF", t: "nacre", at: [(1, 4)]),
        ],
        values: [Value(entity: "nacre", property: "fracture toughness", low: 3e6, high: 7e6, unit: "Pa*m^0.5", original: "3–7 MPa·m^1/2", chunk: 1, sentence: 2)])

    static let silk = Paper(
        slug: "silk", title: "Beta-sheet nanocrystals govern the strength of spider silk", year: 2021,
        sections: ["Introduction", "Results"],
        chunks: [
            (0, "Spider silk is composed of spidroin proteins. Beta-sheet nanocrystals increase the tensile strength of spider silk."),
            (1, "The tensile strength of dragline silk was 1.1 GPa. Hydrogen bonds stabilise beta-sheet nanocrystals. Water decreases the stiffness of spider silk."),
        ],
        cites: [("10.5555/kg.bone", "Hierarchical mineralization of collagen fibrils in cortical bone"),
                ("10.5555/kg.nacre", "Toughening mechanisms of nacre"),
                ("10.9999/external.keten2010", "Nanoconfinement controls stiffness, strength and mechanical toughness of beta-sheet crystals in silk")],
        aliases: [
            "spider silk": [.init(alias: "dragline silk", normalized: "dragline silk", source: "noun_phrase")],
            "beta sheet nanocrystal": [.init(alias: "β-sheet crystallite", normalized: "beta sheet crystallite", source: "lexicon")],
        ],
        extra: [],
        relations: [
            Rel(s: "spider silk", p: "COMPOSED_OF", t: "spidroin", at: [(0, 0)]),
            Rel(s: "beta sheet nanocrystal", p: "INCREASES", t: "tensile strength", at: [(0, 1)]),
            Rel(s: "spider silk", p: "EXHIBITS_PROPERTY", t: "tensile strength", at: [(0, 1), (1, 0)]),
            Rel(s: "beta sheet nanocrystal", p: "PART_OF", t: "spider silk", at: [(0, 1)]),
            Rel(s: "hydrogen bond", p: "PART_OF", t: "beta sheet nanocrystal", at: [(1, 1)]),
            Rel(s: "water", p: "DECREASES", t: "stiffness", at: [(1, 2)]),
            Rel(s: "spider silk", p: "EXHIBITS_PROPERTY", t: "stiffness", at: [(1, 2)]),
        ],
        values: [Value(entity: "spider silk", property: "tensile strength", low: 1.1e9, high: 1.1e9, unit: "Pa", original: "1.1 GPa", chunk: 1, sentence: 0)])

    static let review = Paper(
        slug: "review", title: "Bioinspired composites: lessons from bone, nacre and silk", year: 2023,
        sections: ["Structural motifs", "Design"],
        chunks: [
            (0, "Bone and nacre are hierarchical composites that combine a mineral phase with a protein matrix. Hierarchical composites increase fracture toughness. Mineral bridges increase the stiffness of nacre."),
            (1, "Collagen and spidroin are structural proteins. Bioinspired design uses mineral bridges as found in nacre. Hydroxyapatite increases the stiffness of bone, which reaches at least 10 GPa."),
        ],
        cites: [("10.5555/kg.bone", "Hierarchical mineralization of collagen fibrils in cortical bone"),
                ("10.5555/kg.nacre", "Toughening mechanisms of nacre"),
                ("10.5555/kg.silk", "Beta-sheet nanocrystals govern the strength of spider silk"),
                ("10.9999/external.keten2010", "Nanoconfinement controls stiffness, strength and mechanical toughness of beta-sheet crystals in silk")],
        aliases: [:],
        extra: [],
        relations: [
            Rel(s: "bone", p: "IS_A", t: "hierarchical composite", at: [(0, 0)]),
            Rel(s: "nacre", p: "IS_A", t: "hierarchical composite", at: [(0, 0)]),
            Rel(s: "hierarchical composite", p: "INCREASES", t: "fracture toughness", at: [(0, 1)]),
            Rel(s: "mineral bridge", p: "INCREASES", t: "stiffness", at: [(0, 2)]),
            Rel(s: "nacre", p: "EXHIBITS_PROPERTY", t: "stiffness", at: [(0, 2)]),
            Rel(s: "collagen", p: "IS_A", t: "structural protein", at: [(1, 0)]),
            Rel(s: "spidroin", p: "IS_A", t: "structural protein", at: [(1, 0)]),
            Rel(s: "mineral bridge", p: "USED_FOR", t: "bioinspired design", at: [(1, 1)]),
            Rel(s: "hydroxyapatite", p: "INCREASES", t: "stiffness", at: [(1, 2)]),
            Rel(s: "bone", p: "EXHIBITS_PROPERTY", t: "stiffness", at: [(1, 2)]),
        ],
        values: [Value(entity: "bone", property: "stiffness", low: 1e10, high: nil, unit: "Pa", original: "at least 10 GPa", chunk: 1, sentence: 2)])

    static let papers = [bone, nacre, silk, review]

    /// Sentences of a chunk with their character (Unicode scalar) ranges: split after ". ".
    static func sentences(_ text: String) -> [(range: Range<Int>, text: String)] {
        let scalars = Array(text.unicodeScalars)
        var out: [(Range<Int>, String)] = []
        var start = 0
        for i in scalars.indices where scalars[i] == "." && (i + 1 == scalars.count || scalars[i + 1] == " ") {
            out.append((start..<(i + 1), String(String.UnicodeScalarView(scalars[start...i]))))
            start = i + 2
        }
        return out
    }

    /// Every case-insensitive occurrence of `surface` in `text`, as scalar ranges.
    static func occurrences(of surface: String, in text: String) -> [(Range<Int>, String)] {
        let hay = Array(text.lowercased().unicodeScalars), needle = Array(surface.lowercased().unicodeScalars)
        let original = Array(text.unicodeScalars)
        guard hay.count == original.count, !needle.isEmpty, needle.count <= hay.count else { return [] }
        var out: [(Range<Int>, String)] = []
        func letter(_ k: Int) -> Bool { k >= 0 && k < hay.count && (hay[k].properties.isAlphabetic || hay[k] == "-") }
        for i in 0...(hay.count - needle.count) where Array(hay[i..<(i + needle.count)]) == needle {
            // Whole words only; a plural "s" may follow.
            let end = i + needle.count
            guard !letter(i - 1), !letter(end) || (hay[end] == "s" && !letter(end + 1)) else { continue }
            out.append((i..<(i + needle.count), String(String.UnicodeScalarView(original[i..<(i + needle.count)]))))
        }
        return out
    }

    static func paperRecord(_ p: Paper) -> PaperRecord {
        var r = PaperRecord(key: p.key, title: p.title, contentSHA256: "seed-\(p.slug)", byteSize: 1000)
        r.doi = p.doi
        r.journal = "Journal of Biological Materials"
        r.pubYear = p.year
        r.sections = p.sections.enumerated().map {
            .init(ordinal: $0.offset, parentOrdinal: nil, depth: 0, path: [$0.element], title: $0.element, secType: nil, normalizedType: nil, kind: "body")
        }
        r.chunks = p.chunks.enumerated().map {
            .init(key: "\(p.key)#\($0.offset)", sectionOrdinal: $0.element.section, ordinal: $0.offset, kind: "paragraph",
                  text: $0.element.text, charStart: 0, charEnd: $0.element.text.unicodeScalars.count, tokenCount: 40)
        }
        r.citations = p.cites.enumerated().map {
            .init(ordinal: $0.offset, refID: "r\($0.offset + 1)", label: "\($0.offset + 1)", title: $0.element.title, source: nil, year: nil, doi: $0.element.doi, pmid: nil)
        }
        return r
    }

    static func graphRecord(_ p: Paper) -> GraphRecord {
        var keys: [String] = []
        func use(_ k: String) { if !keys.contains(k) { keys.append(k) } }
        for r in p.relations { use(r.s); use(r.t) }
        for v in p.values {
            if let e = v.entity { use(e) }
            use(v.property)
        }
        p.extra.forEach(use)
        var record = GraphRecord()
        record.entities = keys.map { key -> GraphRecord.Entity in
            let c = catalog[key]!
            return GraphRecord.Entity(key: key, name: c.name, type: c.type, aliases: p.aliases[key] ?? [])
        }
        for key in keys {
            for (ordinal, chunk) in p.chunks.enumerated() {
                for surface in catalog[key]!.surfaces {
                    for (range, text) in occurrences(of: surface, in: chunk.text) {
                        record.mentions.append(.init(entityKey: key, chunkOrdinal: ordinal, range: range, surface: text))
                    }
                }
            }
        }
        record.relations = p.relations.map { r -> GraphRecord.Relation in
            GraphRecord.Relation(source: r.s, predicate: r.p, target: r.t, evidence: r.at.map { (chunk, sentence) -> GraphRecord.Evidence in
                let s = sentences(p.chunks[chunk].text)[sentence]
                return GraphRecord.Evidence(chunkOrdinal: chunk, sentenceRange: s.range, sentence: s.text)
            })
        }
        record.propertyValues = p.values.map { v -> GraphRecord.PropertyValue in
            let s = sentences(p.chunks[v.chunk].text)[v.sentence]
            return GraphRecord.PropertyValue(entityKey: v.entity, propertyKey: v.property, low: v.low, high: v.high, unit: v.unit, original: v.original,
                         chunkOrdinal: v.chunk, sentenceRange: s.range)
        }
        return record
    }

    /// Stores one paper and its graph in one transaction, as Ingest does.
    @discardableResult
    static func store(_ p: Paper, _ database: Database) async throws -> Int64 {
        let graph = graphRecord(p)
        return try await PaperRepository(database).store(paperRecord(p)) { transaction, _, _ in
            try await transaction.writeGraph(graph)
        }.id
    }

    /// The four papers, three communities, and toy 3-d chunk embeddings (model "toy-3d").
    static func seed(_ database: Database) async throws {
        for p in papers { try await store(p, database) }
        let communities: [String: [String]] = [
            "bone": ["bone", "cortical bone", "collagen", "collagen fibril", "gap zone", "hydroxyapatite", "mineralization",
                     "young modulus", "osteopontin", "noncollagenous protein", "hierarchical composite"],
            "nacre": ["nacre", "aragonite", "organic matrix", "chitin", "fracture toughness", "tablet sliding", "energy dissipation",
                      "mineral bridge", "bioinspired design", "stiffness"],
            "silk": ["spider silk", "spidroin", "beta sheet nanocrystal", "tensile strength", "hydrogen bond", "water", "structural protein"],
        ]
        var assignments: [String: Int] = [:]
        for (i, name) in ["bone", "nacre", "silk"].enumerated() { for key in communities[name]! { assignments[key] = i + 1 } }
        try await GraphRepository(database).replaceCommunities(assignments: assignments, summaries: [
            .init(id: 1, topEntities: [.init(key: "bone", name: "bone", type: "material", weight: 7)],
                  topRelations: [.init(source: "bone", predicate: "IS_A", target: "hierarchical composite", count: 2)],
                  topPapers: [.init(paperKey: bone.key, count: 11)]),
            .init(id: 2, topEntities: [.init(key: "nacre", name: "nacre", type: "material", weight: 9)]),
        ])
        // Store has no chunk-embedding writer yet (the embeddings work adds one): toy vectors
        // that point at each paper's topic (bone, nacre, silk axes).
        try await database.client.query(
            """
            INSERT INTO embeddings (chunk_id, model, dim, vector)
            SELECT c.id, 'toy-3d', 3, v.vector FROM chunks c JOIN (VALUES
                ('doi:10.5555/kg.bone#0', '{0.9,0.1,0.1}'::real[]), ('doi:10.5555/kg.bone#1', '{0.8,0.2,0}'::real[]),
                ('doi:10.5555/kg.nacre#0', '{0.1,0.9,0.1}'::real[]), ('doi:10.5555/kg.nacre#1', '{0.2,0.8,0.1}'::real[]),
                ('doi:10.5555/kg.silk#0', '{0,0.1,0.95}'::real[]), ('doi:10.5555/kg.silk#1', '{0.1,0,0.9}'::real[]),
                ('doi:10.5555/kg.review#0', '{0.6,0.6,0.1}'::real[]), ('doi:10.5555/kg.review#1', '{0.4,0.3,0.5}'::real[])
            ) AS v(chunk_key, vector) ON v.chunk_key = c.chunk_key
            """).collect()
    }

    /// The graph as sorted text lines keyed by names, not ids: equal dumps mean equal graphs.
    static func dump(_ database: Database) async throws -> [String] {
        var lines: [String] = []
        for query: PostgresQuery in [
            "SELECT 'entity ' || key || '|' || name || '|' || type FROM entities",
            """
            SELECT 'alias ' || e.key || '|' || a.alias || '|' || a.normalized || '|' || a.source || '|' || coalesce(p.paper_key, '-')
            FROM entity_aliases a JOIN entities e ON e.id = a.entity_id LEFT JOIN papers p ON p.id = a.paper_id
            """,
            """
            SELECT 'mention ' || e.key || '|' || c.chunk_key || '|' || m.char_start || '|' || m.char_end || '|' || m.surface
            FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN chunks c ON c.id = m.chunk_id
            """,
            """
            SELECT 'relation ' || s.key || '|' || r.predicate || '|' || t.key || '|' || r.weight || '|' || r.paper_count
            FROM relations r JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id
            """,
            """
            SELECT 'evidence ' || s.key || '|' || r.predicate || '|' || t.key || '|' || c.chunk_key || '|' || ev.sentence_start || '|' || ev.sentence_end || '|' || ev.sentence
            FROM relation_evidence ev JOIN relations r ON r.id = ev.relation_id JOIN entities s ON s.id = r.source_id
            JOIN entities t ON t.id = r.target_id JOIN chunks c ON c.id = ev.chunk_id
            """,
            """
            SELECT 'value ' || coalesce(e.key, '-') || '|' || p.key || '|' || coalesce(v.low::text, '-') || '|' || coalesce(v.high::text, '-')
                   || '|' || v.unit || '|' || v.original || '|' || c.chunk_key || '|' || v.sentence_start || '|' || v.sentence_end
            FROM property_values v LEFT JOIN entities e ON e.id = v.entity_id JOIN entities p ON p.id = v.property_id JOIN chunks c ON c.id = v.chunk_id
            """,
        ] {
            for try await line in try await database.client.query(query).decode(String.self) { lines.append(line) }
        }
        return lines.sorted()
    }
}
