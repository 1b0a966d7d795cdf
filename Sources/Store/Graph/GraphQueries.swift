import PostgresNIO

/// The read-only graph queries behind `preflexor graph …`: each is a call of the `kg` SQL
/// API (docs/sql.md) with bound parameters, run as the reader through one `ReaderSession`,
/// so the CLI shows exactly what an expert gets from psql.
public enum GraphQueries {
    /// Totals of the graph, one row per measure (`measure`, `value`).
    public static let totals = BoundQuery("""
        SELECT measure, value FROM (VALUES
            (1, 'papers', (SELECT count(*) FROM papers)),
            (2, 'chunks', (SELECT count(*) FROM chunks)),
            (3, 'entities', (SELECT count(*) FROM entities)),
            (4, 'entities with relations', (SELECT count(*) FROM entities e WHERE EXISTS (SELECT 1 FROM relations r WHERE r.source_id = e.id OR r.target_id = e.id))),
            (5, 'relations', (SELECT count(*) FROM relations)),
            (6, 'typed relations', (SELECT count(*) FROM relations WHERE predicate <> 'CO_OCCURS')),
            (7, 'evidence sentences', (SELECT count(*) FROM relation_evidence)),
            (8, 'mentions', (SELECT count(*) FROM mentions)),
            (9, 'property values', (SELECT count(*) FROM property_values)),
            (10, 'communities', (SELECT count(*) FROM communities)),
            (11, 'cross-paper merges', (SELECT count(*) FROM entity_merges)),
            (12, 'entity embeddings', (SELECT count(*) FROM embeddings WHERE entity_id IS NOT NULL))
        ) AS t(n, measure, value) ORDER BY n
        """)

    /// Entities per type, most first.
    public static let entityTypes = BoundQuery("""
        SELECT type, count(*) AS entities,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM relations r WHERE r.source_id = e.id OR r.target_id = e.id)) AS with_relations
        FROM entities e GROUP BY type ORDER BY entities DESC, type
        """)

    /// Relations per predicate, most first.
    public static let predicates = BoundQuery("""
        SELECT predicate, count(*) AS relations, sum(weight) AS sentences, max(paper_count) AS max_papers
        FROM relations GROUP BY predicate ORDER BY relations DESC, predicate
        """)

    /// The most connected entities.
    public static func topEntities(_ limit: Int) -> BoundQuery {
        bound("SELECT name, type, degree, papers, community FROM kg.entities ORDER BY degree DESC, papers DESC, name LIMIT \(max(1, limit))")
    }

    /// `kg.neighbors(entity, depth, predicates, limit)`.
    public static func neighbors(_ entity: String, depth: Int, predicates: [String], limit: Int) throws -> BoundQuery {
        let list: [String]? = predicates.isEmpty ? nil : try predicates.map { try checked($0).uppercased() }
        return bound("SELECT * FROM kg.neighbors(\(try checked(entity)), \(depth)::int, \(list)::text[], \(max(1, limit))::int)")
    }

    /// `kg.shortest_path(a, b, max_depth)`.
    public static func path(_ a: String, _ b: String, maxDepth: Int) throws -> BoundQuery {
        bound("SELECT * FROM kg.shortest_path(\(try checked(a)), \(try checked(b)), \(maxDepth)::int)")
    }

    /// `kg.evidence(source, target, limit)`.
    public static func evidence(_ source: String, _ target: String, limit: Int) throws -> BoundQuery {
        bound("SELECT predicate, direction, sentence, title, doi, section FROM kg.evidence(\(try checked(source)), \(try checked(target)), \(max(1, limit))::int)")
    }

    /// `kg.search_entities(q, limit)`.
    public static func search(_ q: String, limit: Int) throws -> BoundQuery {
        bound("SELECT name, type, matched, score, papers FROM kg.search_entities(\(try checked(q)), \(max(1, limit))::int)")
    }

    static func bound(_ query: PostgresQuery) -> BoundQuery { BoundQuery(query.sql, binds: query.binds) }

    /// The text, or an error when it has a NUL character, which PostgreSQL text cannot hold.
    static func checked(_ text: String) throws -> String {
        guard !text.unicodeScalars.contains("\u{0}") else {
            throw StoreError(.queryFailed, "the argument contains a NUL character, which PostgreSQL text cannot hold")
        }
        return text
    }

    /// A SQL string literal (standard-conforming: quotes doubled, backslashes literal).
    /// Throws for text with a NUL character, which PostgreSQL text cannot hold.
    public static func literal(_ text: String) throws -> String {
        guard !text.unicodeScalars.contains("\u{0}") else {
            throw StoreError(.queryFailed, "the argument contains a NUL character, which PostgreSQL text cannot hold")
        }
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
