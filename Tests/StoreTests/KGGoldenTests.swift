import Foundation
import PostgresNIO
import PreflexorTesting
import StoreTesting
import Testing
@testable import Store

/// The SQL API for domain experts, pg_regress style: `Tests/Fixtures/SQL/<name>.sql` run as
/// the reader against the seeded graph must print exactly `<name>.out`.
/// Re-record with `PREFLEXOR_RECORD=1 swift test --filter KGGoldenTests` (the run then fails),
/// and review every changed .out by eye.
@Suite struct KGGoldenTests {
    @Test func sqlAPIMatchesGoldenFiles() async throws {
        let files = try SQLGolden.files(in: Fixtures.url("SQL", ""))
        #expect(files.count >= 4, "the golden .sql files are missing")
        try await TestDatabase.withDatabase { database, configuration in
            try await KGSeed.seed(database)
            for problem in try await SQLGolden.problems(files, configuration: configuration) { Issue.record("\(problem)") }
        }
    }

    @Test func everyKGFunctionIsStableDocumentedAndPinned() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let rows = try await database.client.query(
                """
                SELECT p.proname || ':' || p.provolatile::text || ':' || p.proparallel::text || ':'
                       || (obj_description(p.oid, 'pg_proc') IS NOT NULL)::text || ':'
                       || CASE WHEN l.lanname = 'c' THEN 'search_path=pg_catalog (C)' ELSE coalesce(array_to_string(p.proconfig, ','), '') END
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
                WHERE n.nspname = 'kg' ORDER BY p.proname
                """)
            var functions: [String] = []
            for try await line in rows.decode(String.self) { functions.append(line) }
            #expect(functions.count == 18)
            for f in functions {
                let parts = f.split(separator: ":", omittingEmptySubsequences: false)
                #expect(parts[1] == "s" || parts[1] == "i", "\(parts[0]) must be STABLE or IMMUTABLE")
                #expect(parts[2] == "s", "\(parts[0]) must be PARALLEL SAFE")
                #expect(parts[3] == "true", "\(parts[0]) needs a COMMENT ON")
                #expect(parts[4].hasPrefix("search_path=pg_catalog"), "\(parts[0]) must pin its search_path")
            }
            let views = try await database.client.query(
                "SELECT count(*)::int FROM pg_views WHERE schemaname = 'kg' AND obj_description(format('kg.%I', viewname)::regclass, 'pg_class') IS NOT NULL"
            ).decodeOne(Int.self)
            #expect(views == 4)  // 0011 adds kg.training_lineage
        }
    }

    /// kg.shortest_path (bidirectional BFS in SQL) against a plain BFS in Swift over the
    /// snapshot, for every ordered pair of the seeded graph: same length, a connected walk
    /// from a to b over real relations, and no path exactly when BFS finds none in 6 steps.
    @Test func shortestPathAgreesWithBreadthFirstSearchForEveryPair() async throws {
        try await TestDatabase.withDatabase { database, _ in
            try await KGSeed.seed(database)
            let snapshot = try await GraphRepository(database).graphSnapshot()
            let names = Dictionary(uniqueKeysWithValues: snapshot.entities.map { ($0.id, $0.name) })
            var adjacent: [Int64: Set<Int64>] = [:]
            var edges = Set<String>()
            for e in snapshot.edges {
                adjacent[e.source, default: []].insert(e.target)
                adjacent[e.target, default: []].insert(e.source)
                edges.insert("\(names[e.source]!)|\(e.predicate)|\(names[e.target]!)")
            }
            func distance(_ a: Int64, _ b: Int64) -> Int? {
                var seen: Set<Int64> = [a], frontier: Set<Int64> = [a], d = 0
                while !frontier.isEmpty && d < 6 {
                    if frontier.contains(b) { return d }
                    frontier = Set(frontier.flatMap { adjacent[$0] ?? [] }).subtracting(seen)
                    seen.formUnion(frontier)
                    d += 1
                }
                return frontier.contains(b) ? d : nil
            }
            var checked = 0
            for a in snapshot.entities { for b in snapshot.entities where a.id != b.id {
                var steps: [(String, String, String, String)] = []
                let query: PostgresQuery = "SELECT source, predicate, direction, target FROM kg.shortest_path(\(a.key), \(b.key), 6)"
                for try await row in try await database.client.query(query).decode((String, String, String, String).self) { steps.append(row) }
                let expected = distance(a.id, b.id)
                #expect(steps.count == (expected ?? 0), "\(a.name) -> \(b.name): \(steps.count) steps, BFS says \(String(describing: expected))")
                guard !steps.isEmpty else { continue }
                #expect(steps.first!.0 == a.name && steps.last!.3 == b.name)
                for (i, step) in steps.enumerated() {
                    if i > 0 { #expect(steps[i - 1].3 == step.0, "\(a.name) -> \(b.name): the walk breaks at step \(i + 1)") }
                    let relation = step.2 == "->" ? "\(step.0)|\(step.1)|\(step.3)" : "\(step.3)|\(step.1)|\(step.0)"
                    #expect(edges.contains(relation), "\(a.name) -> \(b.name): step \(i + 1) is not a stored relation")
                }
                checked += 1
            } }
            #expect(checked > 500)
        }
    }
}
