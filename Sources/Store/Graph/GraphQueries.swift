import PostgresNIO

/// The read-only graph queries behind `preflexor graph …`: each is a call of the `kg` SQL
/// API (docs/sql.md) with bound parameters, run as the reader through one `ReaderSession`,
/// so the CLI shows exactly what an expert gets from psql.
public enum GraphQueries {
    /// Totals of the graph, one row per measure (`measure`, `value`). Relations count those
    /// some sentence asserts (as kg.edges); the others are counted apart.
    public static let totals = BoundQuery("""
        SELECT measure, value FROM (VALUES
            (1, 'papers', (SELECT count(*) FROM papers)),
            (2, 'chunks', (SELECT count(*) FROM chunks)),
            (3, 'entities', (SELECT count(*) FROM entities)),
            (4, 'entities with relations', (SELECT count(*) FROM entities e WHERE EXISTS (SELECT 1 FROM relations r WHERE (r.source_id = e.id OR r.target_id = e.id) AND r.weight > 0))),
            (5, 'relations', (SELECT count(*) FROM relations WHERE weight > 0)),
            (6, 'typed relations', (SELECT count(*) FROM relations WHERE predicate <> 'CO_OCCURS' AND weight > 0)),
            (7, 'relations only denied or hedged', (SELECT count(*) FROM relations WHERE weight = 0)),
            (8, 'evidence sentences', (SELECT count(*) FROM relation_evidence)),
            (9, 'negated evidence sentences', (SELECT count(*) FROM relation_evidence WHERE polarity = 'negated')),
            (10, 'hedged evidence sentences', (SELECT count(*) FROM relation_evidence WHERE polarity = 'hedged')),
            (11, 'mentions', (SELECT count(*) FROM mentions)),
            (12, 'property values', (SELECT count(*) FROM property_values)),
            (13, 'comparisons', (SELECT count(*) FROM comparisons)),
            (14, 'communities', (SELECT count(*) FROM communities)),
            (15, 'cross-paper merges', (SELECT count(*) FROM entity_merges)),
            (16, 'entity embeddings', (SELECT count(*) FROM embeddings WHERE entity_id IS NOT NULL))
        ) AS t(n, measure, value) ORDER BY n
        """)

    /// Entities per type, most first.
    public static let entityTypes = BoundQuery("""
        SELECT type, count(*) AS entities,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM relations r WHERE (r.source_id = e.id OR r.target_id = e.id) AND r.weight > 0)) AS with_relations
        FROM entities e GROUP BY type ORDER BY entities DESC, type
        """)

    /// Relations per predicate, most first.
    public static let predicates = BoundQuery("""
        SELECT predicate, count(*) FILTER (WHERE weight > 0) AS relations, sum(weight) AS sentences, max(paper_count) AS max_papers,
               sum(negated) AS negated_sentences, sum(hedged) AS hedged_sentences
        FROM relations GROUP BY predicate ORDER BY relations DESC, predicate
        """)

    /// The most connected entities.
    public static func topEntities(_ limit: Int) -> BoundQuery {
        bound("SELECT name, type, degree, papers, community FROM kg.entities ORDER BY degree DESC, papers DESC, name LIMIT \(max(1, limit))")
    }

    /// `kg.neighbors(entity, depth, predicates, limit, include_unasserted)`; the negated and
    /// hedged counts are shown only when relations that are not asserted are included.
    public static func neighbors(_ entity: String, depth: Int, predicates: [String], limit: Int, includeUnasserted: Bool = false) throws -> BoundQuery {
        let list: [String]? = predicates.isEmpty ? nil : try predicates.map { try checked($0).uppercased() }
        let columns = includeUnasserted ? "*" : "depth, name, type, via, predicate, direction, weight, papers"
        return bound("SELECT \(unescaped: columns) FROM kg.neighbors(\(try checked(entity)), \(depth)::int, \(list)::text[], \(max(1, limit))::int, \(includeUnasserted))")
    }

    /// `kg.shortest_path(a, b, max_depth, include_unasserted)`.
    public static func path(_ a: String, _ b: String, maxDepth: Int, includeUnasserted: Bool = false) throws -> BoundQuery {
        let columns = includeUnasserted ? "*" : "step, source, predicate, direction, target, weight, papers"
        return bound("SELECT \(unescaped: columns) FROM kg.shortest_path(\(try checked(a)), \(try checked(b)), \(maxDepth)::int, \(includeUnasserted))")
    }

    /// `kg.evidence(source, target, limit)`: every sentence with its polarity (asserted,
    /// negated, hedged) and cue.
    public static func evidence(_ source: String, _ target: String, limit: Int) throws -> BoundQuery {
        bound("SELECT predicate, direction, polarity, cue, sentence, title, doi, section FROM kg.evidence(\(try checked(source)), \(try checked(target)), \(max(1, limit))::int)")
    }

    /// `kg.comparisons(property, limit)`: all properties when `property` is nil.
    public static func comparisons(_ property: String?, limit: Int) throws -> BoundQuery {
        bound("SELECT a, direction, b, property, ratio, polarity, sentence, doi FROM kg.comparisons(\(try property.map(checked))::text, \(max(1, limit))::int)")
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
