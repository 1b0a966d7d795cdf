import Foundation
import PostgresNIO

/// One line of `preflexor papers list`.
public struct PaperSummary: Sendable, Codable, Equatable {
    public var id: Int64
    public var doi: String?
    public var pmcid: String?
    public var title: String
    public var journal: String?
    public var year: Int?
    public var chunks: Int
}

/// `preflexor papers show`: a paper with its counts and sections.
public struct PaperDetail: Sendable, Codable, Equatable {
    public var summary: PaperSummary
    public var key: String
    public var sourcePath: String?
    public var license: String?
    public var authors: [String]
    public var keywords: [String]
    public var sections: [String]
    public var counts: [String: Int]
}

extension PaperRepository {
    /// Papers, newest ingest first.
    public func list(limit: Int = 50, offset: Int = 0, search: String? = nil) async throws -> [PaperSummary] {
        let pattern = search.map { "%\($0)%" }
        let rows = try await database.client.query(
            """
            SELECT p.id, p.doi, p.pmcid, p.title, p.journal, p.pub_year,
                   (SELECT count(*)::int FROM chunks c WHERE c.paper_id = p.id)
            FROM papers p
            WHERE \(pattern)::text IS NULL OR p.title ILIKE \(pattern)::text OR p.doi ILIKE \(pattern)::text
            ORDER BY p.id DESC LIMIT \(limit) OFFSET \(offset)
            """, logger: database.logger)
        var out: [PaperSummary] = []
        for try await (id, doi, pmcid, title, journal, year, chunks) in rows.decode((Int64, String?, String?, String, String?, Int?, Int).self) {
            out.append(PaperSummary(id: id, doi: doi, pmcid: pmcid, title: title, journal: journal, year: year, chunks: chunks))
        }
        return out
    }

    /// One paper in detail, or nil.
    public func detail(id: Int64) async throws -> PaperDetail? {
        let rows = try await database.client.query(
            """
            SELECT p.id, p.doi, p.pmcid, p.title, p.journal, p.pub_year, p.paper_key, p.source_path, p.license_url,
                   (SELECT count(*)::int FROM chunks c WHERE c.paper_id = p.id)
            FROM papers p WHERE p.id = \(id)
            """, logger: database.logger)
        var detail: PaperDetail?
        for try await (id, doi, pmcid, title, journal, year, key, path, license, chunks) in rows.decode(
            (Int64, String?, String?, String, String?, Int?, String, String?, String?, Int).self) {
            detail = PaperDetail(
                summary: PaperSummary(id: id, doi: doi, pmcid: pmcid, title: title, journal: journal, year: year, chunks: chunks),
                key: key, sourcePath: path, license: license, authors: [], keywords: [], sections: [], counts: [:])
        }
        guard var detail else { return nil }
        detail.authors = try await strings("SELECT full_name FROM authors WHERE paper_id = \(id) ORDER BY ordinal")
        detail.keywords = try await strings("SELECT keyword FROM keywords WHERE paper_id = \(id) ORDER BY keyword")
        detail.sections = try await strings(
            "SELECT repeat('  ', depth) || coalesce(title, '(untitled)') || coalesce(' [' || normalized_type || ']', '') FROM sections WHERE paper_id = \(id) ORDER BY ordinal")
        for table in ["sections", "chunks", "figures", "citations", "mentions", "relation_evidence"] {
            let n = try await database.client.query(
                PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table) WHERE paper_id = $1", binds: binds(id)), logger: database.logger)
            for try await value in n.decode(Int.self) { detail.counts[table] = value }
        }
        detail.counts["embeddings"] = try await database.client.query(
            "SELECT count(*)::int FROM embeddings e JOIN chunks c ON c.id = e.chunk_id WHERE c.paper_id = \(id)",
            logger: database.logger
        ).decode(Int.self).reduce(0) { $0 + $1 }
        return detail
    }

    /// Row counts of the main tables (for `preflexor db status --json` and tests).
    public func tableCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["papers", "sections", "chunks", "figures", "citations", "authors", "keywords",
                      "entities", "entity_aliases", "mentions", "relations", "relation_evidence", "embeddings"] {
            let rows = try await database.client.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table)"), logger: database.logger)
            for try await n in rows.decode(Int.self) { counts[table] = n }
        }
        return counts
    }

    private func strings(_ query: PostgresQuery) async throws -> [String] {
        var out: [String] = []
        for try await s in try await database.client.query(query, logger: database.logger).decode(String.self) { out.append(s) }
        return out
    }

    private func binds(_ id: Int64) -> PostgresBindings {
        var b = PostgresBindings()
        b.append(id)
        return b
    }
}

extension PaperRepository {
    /// The paper stored from exactly these bytes, if any (the cheap "unchanged" check that
    /// lets a re-ingest skip parsing).
    public func id(withSHA256 sha: String) async throws -> Int64? {
        let rows = try await database.client.query(
            "SELECT id FROM papers WHERE content_sha256 = \(sha) ORDER BY id LIMIT 1", logger: database.logger)
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }
}
