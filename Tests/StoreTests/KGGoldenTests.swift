import Foundation
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
            for file in files {
                switch try await SQLGolden.check(file, configuration: configuration) {
                case .matches: break
                case .recorded(let path): Issue.record("recorded \(path); review it and run again without PREFLEXOR_RECORD")
                case .missing(let path): Issue.record("no golden file \(path); record it with PREFLEXOR_RECORD=1")
                case .differs(let diff): Issue.record("\(file.lastPathComponent) differs from its .out:\n\(diff)")
                }
            }
        }
    }

    @Test func everyKGFunctionIsStableDocumentedAndPinned() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let rows = try await database.client.query(
                """
                SELECT p.proname || ':' || p.provolatile::text || ':' || p.proparallel::text || ':'
                       || (obj_description(p.oid, 'pg_proc') IS NOT NULL)::text || ':'
                       || coalesce(array_to_string(p.proconfig, ','), '')
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'kg' ORDER BY p.proname
                """)
            var functions: [String] = []
            for try await line in rows.decode(String.self) { functions.append(line) }
            #expect(functions.count == 13)
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
            #expect(views == 2)
        }
    }
}
