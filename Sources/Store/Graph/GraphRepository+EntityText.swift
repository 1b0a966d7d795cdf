import Foundation
import PostgresNIO

/// An entity as its embedding reads it: name, type and a few aliases.
public struct EntityText: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var type: String
    /// Up to five other names (abbreviations, synonyms, merged spellings), sorted.
    public var aliases: [String]

    public init(id: Int64, name: String, type: String, aliases: [String]) {
        self.id = id; self.name = name; self.type = type; self.aliases = aliases
    }

    /// The entity's description: its type and other names ("mineral; also HAp, hydroxylapatite").
    public var description: String {
        aliases.isEmpty ? type : "\(type); also \(aliases.joined(separator: ", "))"
    }

    /// The text that is embedded: name and description ("hydroxyapatite (mineral; also HAp)").
    public var embeddingText: String { "\(name) (\(description))" }
}

extension GraphRepository {
    /// Entities without an embedding of `model` (all entities with `all`), by id, with their aliases.
    public func entityTexts(missingFor model: String, all: Bool = false, limit: Int = .max) async throws -> [EntityText] {
        var out: [EntityText] = []
        for try await (id, name, type, aliases) in try await database.client.query(
            """
            SELECT e.id, e.name, e.type,
                   ARRAY(SELECT DISTINCT a.alias FROM entity_aliases a
                         WHERE a.entity_id = e.id AND lower(a.alias) <> lower(e.name) ORDER BY a.alias LIMIT 5)
            FROM entities e
            WHERE \(all) OR NOT EXISTS (SELECT 1 FROM embeddings m WHERE m.entity_id = e.id AND m.model = \(model))
            ORDER BY e.id LIMIT \(limit == .max ? Int.max / 2 : limit)
            """, logger: database.logger
        ).decode((Int64, String, String, [String]).self) {
            out.append(EntityText(id: id, name: name, type: type, aliases: aliases))
        }
        return out
    }

    /// Sets the entities' descriptions.
    public func storeDescriptions(_ descriptions: [Int64: String]) async throws {
        guard !descriptions.isEmpty else { return }
        let rows = descriptions.sorted { $0.key < $1.key }.map { DescriptionRow(id: $0.key, description: $0.value) }
        do {
            try await database.client.query(
                """
                UPDATE entities e SET description = x.description
                FROM jsonb_to_recordset(\(try json(rows))::jsonb) AS x(id bigint, description text)
                WHERE e.id = x.id AND e.description IS DISTINCT FROM x.description
                """, logger: database.logger
            ).collect()
        } catch {
            throw PaperRepository.wrap(error, "could not store entity descriptions")
        }
    }
}

private struct DescriptionRow: Encodable { var id: Int64, description: String }
