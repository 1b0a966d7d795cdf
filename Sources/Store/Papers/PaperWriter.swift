import Foundation
import Logging
import PostgresNIO

/// Inserts one paper's rows on a connection inside a transaction. Rows go in one statement
/// per table, as a JSON array expanded by `jsonb_to_recordset` (NULLs survive, and the
/// statement count stays constant however long the paper is).
struct PaperWriter {
    let connection: PostgresConnection
    let logger: Logger

    /// Advisory lock key serialising citation linking across concurrent paper transactions.
    static let citationLinkLock: Int64 = 0x7072_6566_6c78_6369  // "preflxci"

    /// Returns the new paper id and its chunk ids by chunk ordinal.
    func insert(_ r: PaperRecord) async throws -> (Int64, [Int: Int64]) {
        let id = try await insertPaper(r)
        let affiliationIDs = try await insertReturningOrdinals(
            "INSERT INTO affiliations (paper_id, ordinal, label, text) SELECT \(id), x.ordinal, x.label, x.text FROM jsonb_to_recordset($1::jsonb) AS x(ordinal int, label text, text text) RETURNING id, ordinal",
            r.affiliations)
        let authorIDs = try await insertReturningOrdinals(
            """
            INSERT INTO authors (paper_id, ordinal, surname, given_names, full_name, orcid, email, corresponding)
            SELECT \(id), x.ordinal, x.surname, x.given_names, x.full_name, x.orcid, x.email, x.corresponding
            FROM jsonb_to_recordset($1::jsonb) AS x(ordinal int, surname text, given_names text, full_name text, orcid text, email text, corresponding bool)
            RETURNING id, ordinal
            """, r.authors)
        var pairs: [[Int64]] = []
        for author in r.authors {
            for a in Set(author.affiliations) {
                if let aid = authorIDs[author.ordinal], let fid = affiliationIDs[a] { pairs.append([aid, fid]) }
            }
        }
        try await insertRows(
            "INSERT INTO author_affiliations (author_id, affiliation_id) SELECT (x->>0)::bigint, (x->>1)::bigint FROM jsonb_array_elements($1::jsonb) AS x",
            pairs)
        var seenKeywords = Set<String>()
        let keywords = r.keywords.filter { seenKeywords.insert($0.keyword).inserted }
        try await insertRows(
            "INSERT INTO keywords (paper_id, keyword, kind) SELECT \(id), x.keyword, x.kind FROM jsonb_to_recordset($1::jsonb) AS x(keyword text, kind text)",
            keywords)
        let sectionIDs = try await insertReturningOrdinals(
            """
            INSERT INTO sections (paper_id, ordinal, depth, path, title, sec_type, normalized_type, kind)
            SELECT \(id), x.ordinal, x.depth, ARRAY(SELECT jsonb_array_elements_text(x.path)), x.title, x.sec_type, x.normalized_type, x.kind
            FROM jsonb_to_recordset($1::jsonb) AS x(ordinal int, depth int, path jsonb, title text, sec_type text, normalized_type text, kind text)
            RETURNING id, ordinal
            """, r.sections)
        let parents: [[Int64]] = r.sections.compactMap { s in
            guard let p = s.parentOrdinal, let child = sectionIDs[s.ordinal], let parent = sectionIDs[p] else { return nil }
            return [child, parent]
        }
        try await insertRows(
            "UPDATE sections s SET parent_id = (x->>1)::bigint FROM jsonb_array_elements($1::jsonb) AS x WHERE s.id = (x->>0)::bigint",
            parents)
        try await insertRows(
            """
            INSERT INTO figures (paper_id, section_id, ordinal, kind, label, caption)
            SELECT \(id), x.section_id, x.ordinal, x.kind, x.label, x.caption
            FROM jsonb_to_recordset($1::jsonb) AS x(section_id bigint, ordinal int, kind text, label text, caption text)
            """, r.figures.map { FigureRow($0, section: $0.sectionOrdinal.flatMap { sectionIDs[$0] }) })
        let chunkIDs = try await insertReturningOrdinals(
            """
            INSERT INTO chunks (chunk_key, paper_id, section_id, ordinal, kind, text, char_start, char_end, token_count)
            SELECT x.key, \(id), x.section_id, x.ordinal, x.kind, x.text, x.char_start, x.char_end, x.token_count
            FROM jsonb_to_recordset($1::jsonb) AS x(key text, section_id bigint, ordinal int, kind text, text text, char_start int, char_end int, token_count int)
            RETURNING id, ordinal
            """, r.chunks.map { ChunkRow($0, section: $0.sectionOrdinal.flatMap { sectionIDs[$0] }) })
        try await insertRows(
            """
            INSERT INTO citations (paper_id, ordinal, ref_id, label, title, source, year, doi, pmid)
            SELECT \(id), x.ordinal, x.ref_id, x.label, x.title, x.source, x.year, x.doi, x.pmid
            FROM jsonb_to_recordset($1::jsonb) AS x(ordinal int, ref_id text, label text, title text, source text, year int, doi text, pmid text)
            """, r.citations)
        return (id, chunkIDs)
    }

    private func insertPaper(_ r: PaperRecord) async throws -> Int64 {
        let rows = try await connection.query(
            """
            INSERT INTO papers (paper_key, doi, pmcid, pmid, title, subtitle, journal, publisher, pub_date, pub_year,
                                article_type, language, license_url, license_text, abstract, source_path,
                                content_sha256, jats_version, byte_size)
            VALUES (\(r.key), \(r.doi), \(r.pmcid), \(r.pmid), \(r.title), \(r.subtitle), \(r.journal), \(r.publisher),
                    \(r.pubDate)::text::date, \(r.pubYear), \(r.articleType), \(r.language), \(r.licenseURL), \(r.licenseText),
                    \(r.abstract), \(r.sourcePath), \(r.contentSHA256), \(r.jatsVersion), \(r.byteSize))
            RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StoreError(.queryFailed, "inserting paper \(r.key) returned no id")
    }

    /// Links this paper's references to papers in the corpus, and earlier papers' references
    /// to this one. Called last in the paper's transaction, under a global advisory lock held
    /// to commit: two papers that cite each other and are stored concurrently would otherwise
    /// each miss the other (neither sees the other's uncommitted row). With the lock, the
    /// second waits for the first to commit and its statements (READ COMMITTED) then see it.
    func linkCitations(_ id: Int64, _ r: PaperRecord) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(Self.citationLinkLock))", logger: logger).collect()
        try await connection.query(
            """
            UPDATE citations c SET cited_paper_id = p.id FROM papers p
            WHERE c.paper_id = \(id) AND p.id <> \(id)
              AND ((c.doi IS NOT NULL AND p.doi IS NOT NULL AND lower(c.doi) = lower(p.doi))
                   OR (c.pmid IS NOT NULL AND c.pmid = p.pmid))
            """, logger: logger
        ).collect()
        if r.doi != nil || r.pmid != nil {
            try await connection.query(
                """
                UPDATE citations SET cited_paper_id = \(id)
                WHERE cited_paper_id IS NULL AND paper_id <> \(id)
                  AND ((doi IS NOT NULL AND lower(doi) = lower(\(r.doi)::text)) OR (pmid IS NOT NULL AND pmid = \(r.pmid)::text))
                """, logger: logger
            ).collect()
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        return e
    }()

    func json<T: Encodable>(_ rows: T) throws -> String {
        String(decoding: try Self.encoder.encode(rows), as: UTF8.self)
    }

    func insertRows<T: Encodable>(_ sql: String, _ rows: [T]) async throws {
        guard !rows.isEmpty else { return }
        var binds = PostgresBindings()
        binds.append(try json(rows))
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
    }

    func insertReturningOrdinals<T: Encodable>(_ sql: String, _ rows: [T]) async throws -> [Int: Int64] {
        guard !rows.isEmpty else { return [:] }
        var binds = PostgresBindings()
        binds.append(try json(rows))
        var ids: [Int: Int64] = [:]
        for try await (id, ordinal) in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            .decode((Int64, Int).self) {
            ids[ordinal] = id
        }
        return ids
    }
}

private struct FigureRow: Encodable {
    var sectionId: Int64?, ordinal: Int, kind: String, label: String?, caption: String?
    init(_ f: PaperRecord.Figure, section: Int64?) {
        sectionId = section; ordinal = f.ordinal; kind = f.kind; label = f.label; caption = f.caption
    }
}

private struct ChunkRow: Encodable {
    var key: String, sectionId: Int64?, ordinal: Int, kind: String, text: String, charStart: Int, charEnd: Int, tokenCount: Int
    init(_ c: PaperRecord.Chunk, section: Int64?) {
        key = c.key; sectionId = section; ordinal = c.ordinal; kind = c.kind; text = c.text
        charStart = c.charStart; charEnd = c.charEnd; tokenCount = c.tokenCount
    }
}
