import Foundation
import PostgresNIO
import PreflexorTesting
import StoreTesting
import Testing
@testable import Store

/// The C kg.vector_cosine (native/pg/preflexor_vector.c) that the private server uses:
/// installed by TestDatabase as by the CLI, and equal to the SQL definitions. Needs
/// postgresql-server-dev-15 (scripts/setup-system installs it); without the headers it is
/// skipped loudly, and under CI=true it must run.
@Suite struct NativeVectorTests {
    static let enabled = FileManager.default.fileExists(atPath: "/usr/include/postgresql/15/server/postgres.h")
        || ProcessInfo.processInfo.environment["CI"] == "true"

    func value(_ database: Database, _ sql: String, as: String.Type) async throws -> String? {
        for try await v in try await database.client.query(PostgresQuery(unsafeSQL: sql)).decode(String?.self) { return v }
        return nil
    }

    func value(_ database: Database, _ sql: String, as: Double.Type) async throws -> Double? {
        for try await v in try await database.client.query(PostgresQuery(unsafeSQL: sql)).decode(Double?.self) { return v }
        return nil
    }

    @Test(.enabled(if: enabled)) func theCFunctionIsInstalledAndAgreesWithSQL() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let language = try await value(database, """
                SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'kg' AND p.proname = 'vector_cosine'
                """, as: String.self)
            #expect(language == "c", "the native kg.vector_cosine was not installed")
            // 200 random pairs of 384-d vectors: the C result equals kg.cosine (plpgsql, double sums).
            let worst = try await value(database, """
                SELECT max(abs(kg.vector_cosine(a, b) - kg.cosine(a, b)))::float8 FROM (
                    SELECT ARRAY(SELECT (random() - 0.5)::real FROM generate_series(1, 384) WHERE g > 0) AS a,
                           ARRAY(SELECT (random() - 0.5)::real FROM generate_series(1, 384) WHERE g > 0) AS b
                    FROM generate_series(1, 200) g) v
                """, as: Double.self)
            #expect((worst ?? 1) < 1e-6, "largest difference \(String(describing: worst))")
            #expect(try await value(database, "SELECT kg.vector_cosine('{1,0}', '{2,0}')::float8", as: Double.self) == 1)
            #expect(try await value(database, "SELECT kg.vector_cosine('{0,0}', '{1,2}')::float8", as: Double.self) == nil)
            await #expect(throws: (any Error).self) {
                _ = try await value(database, "SELECT kg.vector_cosine('{1,2,3}', '{1,2}')::float8", as: Double.self)
            }
            await #expect(throws: (any Error).self) {
                _ = try await value(database, "SELECT kg.vector_cosine('{1,NULL}', '{1,2}')::float8", as: Double.self)
            }
        }
    }

    /// Installing again is a no-op, and a second build of the same source is reused.
    @Test(.enabled(if: enabled)) func installIsIdempotent() async throws {
        try await TestDatabase.with { configuration in
            let name = configuration.databaseURL!.database
            let migrations = Fixtures.repositoryRoot.appendingPathComponent("migrations")
            let first = try await NativeVector.install(server: TestDatabase.server, database: name, migrations: migrations)
            let second = try await NativeVector.install(server: TestDatabase.server, database: name, migrations: migrations)
            #expect(first == second)
            #expect(first.lastPathComponent.hasPrefix("preflexor_vector-"))
        }
    }
}
