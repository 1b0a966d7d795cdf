import Foundation
import PostgresNIO

extension GraphRepository {
    /// Replaces all communities in one transaction: every entity's `community` is cleared,
    /// then set from `assignments` (entity key -> community id; unknown keys are ignored),
    /// and `communities` holds one row per community id with its size (entities assigned)
    /// and summary (`{"top_entities": …, "top_relations": …, "top_papers": …}`, `{}` when
    /// `summaries` has none for it). Returns the number of entities assigned.
    @discardableResult
    public func replaceCommunities(assignments: [String: Int], summaries: [CommunityRecord]) async throws -> Int {
        let logger = database.logger
        let members = assignments.map { MemberRow(key: $0.key, community: $0.value) }.sorted { $0.key < $1.key }
        let ids = Set(assignments.values).union(summaries.map(\.id))
        let byID = Dictionary(summaries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = ids.sorted().map { id in
            CommunityRow(id: id, summary: byID[id].map { Summary(topEntities: $0.topEntities, topRelations: $0.topRelations, topPapers: $0.topPapers) }
                ?? Summary(topEntities: [], topRelations: [], topPapers: []))
        }
        do {
            return try await database.client.withTransaction(logger: logger) { connection in
                try await connection.query("UPDATE entities SET community = NULL WHERE community IS NOT NULL", logger: logger).collect()
                try await connection.query("DELETE FROM communities", logger: logger).collect()
                try await connection.query(
                    """
                    INSERT INTO communities (id, size, summary)
                    SELECT x.id, 0, x.summary FROM jsonb_to_recordset(\(try json(rows))::jsonb) AS x(id int, summary jsonb)
                    """, logger: logger
                ).collect()
                let assigned = try await connection.query(
                    """
                    UPDATE entities e SET community = x.community
                    FROM jsonb_to_recordset(\(try json(members))::jsonb) AS x(key text, community int)
                    WHERE e.key = x.key RETURNING 1
                    """, logger: logger
                ).collect().count
                try await connection.query(
                    """
                    UPDATE communities c SET size = s.n
                    FROM (SELECT community, count(*)::int AS n FROM entities WHERE community IS NOT NULL GROUP BY community) s
                    WHERE c.id = s.community
                    """, logger: logger
                ).collect()
                return assigned
            }
        } catch {
            throw PaperRepository.wrap(error, "could not replace the communities")
        }
    }

    /// The stored communities with their sizes, largest first.
    public func communities() async throws -> [(community: CommunityRecord, size: Int)] {
        var out: [(community: CommunityRecord, size: Int)] = []
        let rows = try await database.client.query(
            "SELECT id, size, summary::text FROM communities ORDER BY size DESC, id", logger: database.logger)
        for try await (id, size, summary) in rows.decode((Int, Int, String).self) {
            let s = try Self.decoder.decode(Summary.self, from: Data(summary.utf8))
            out.append((community: CommunityRecord(id: id, topEntities: s.topEntities ?? [], topRelations: s.topRelations ?? [], topPapers: s.topPapers ?? []), size: size))
        }
        return out
    }

    func json(_ value: some Encodable) throws -> String {
        String(decoding: try PaperWriter.encoder.encode(value), as: UTF8.self)
    }

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }()
}

private struct MemberRow: Encodable { var key: String, community: Int }
private struct CommunityRow: Encodable { var id: Int, summary: Summary }
/// The jsonb layout of `communities.summary` (snake_case keys).
private struct Summary: Codable {
    var topEntities: [CommunityRecord.RankedEntity]?
    var topRelations: [CommunityRecord.RankedRelation]?
    var topPapers: [CommunityRecord.RankedPaper]?
}
