import Foundation
import PostgresNIO

/// A chunk with where it comes from, for search results and citations.
public struct ChunkContext: Sendable, Codable, Equatable {
    public var chunkID: Int64
    public var paperID: Int64
    public var title: String
    public var doi: String?
    public var year: Int?
    public var section: String?
    public var sectionType: String?
    public var kind: String
    public var text: String
}

/// Which chunks a search may return.
public struct ChunkFilter: Sendable, Equatable {
    /// Only these papers (ids, DOIs or PMCIDs).
    public var papers: [String] = []
    /// Only sections of these normalised types (introduction, methods, results, …).
    public var sectionTypes: [String] = []
    public var yearFrom: Int?
    public var yearTo: Int?

    public init(papers: [String] = [], sectionTypes: [String] = [], yearFrom: Int? = nil, yearTo: Int? = nil) {
        self.papers = papers
        self.sectionTypes = sectionTypes
        self.yearFrom = yearFrom
        self.yearTo = yearTo
    }

    public var isEmpty: Bool { papers.isEmpty && sectionTypes.isEmpty && yearFrom == nil && yearTo == nil }
}

/// Reads chunks for retrieval.
public struct ChunkRepository: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Chunks with their paper and section, in the order of `ids`.
    public func contexts(ids: [Int64]) async throws -> [ChunkContext] {
        guard !ids.isEmpty else { return [] }
        let rows = try await database.client.query(
            """
            SELECT c.id, p.id, p.title, p.doi, p.pub_year, s.title, s.normalized_type, c.kind, c.text
            FROM chunks c JOIN papers p ON p.id = c.paper_id LEFT JOIN sections s ON s.id = c.section_id
            WHERE c.id = ANY(\(ids))
            """, logger: database.logger)
        var byID: [Int64: ChunkContext] = [:]
        for try await (id, pid, title, doi, year, section, type, kind, text) in rows.decode(
            (Int64, Int64, String, String?, Int?, String?, String?, String, String).self) {
            byID[id] = ChunkContext(chunkID: id, paperID: pid, title: title, doi: doi, year: year, section: section,
                                    sectionType: type, kind: kind, text: text)
        }
        return ids.compactMap { byID[$0] }
    }

    /// Ids of the chunks the filter allows.
    public func ids(matching filter: ChunkFilter) async throws -> Set<Int64> {
        let papers = filter.papers.map { $0.lowercased() }
        let types = filter.sectionTypes.map { $0.lowercased() }
        let rows = try await database.client.query(
            """
            SELECT c.id FROM chunks c JOIN papers p ON p.id = c.paper_id LEFT JOIN sections s ON s.id = c.section_id
            WHERE (cardinality(\(papers)::text[]) = 0 OR p.id::text = ANY(\(papers)::text[]) OR lower(p.doi) = ANY(\(papers)::text[])
                   OR lower(p.pmcid) = ANY(\(papers)::text[]))
              AND (cardinality(\(types)::text[]) = 0 OR s.normalized_type = ANY(\(types)::text[]))
              AND (\(filter.yearFrom)::int IS NULL OR p.pub_year >= \(filter.yearFrom)::int)
              AND (\(filter.yearTo)::int IS NULL OR p.pub_year <= \(filter.yearTo)::int)
            """, logger: database.logger)
        var out = Set<Int64>()
        for try await id in rows.decode(Int64.self) { out.insert(id) }
        return out
    }
}
