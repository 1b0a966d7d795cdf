import Foundation
import PostgresNIO
import PreflexorTesting
import StoreTesting
import Testing
@testable import Store

@Suite struct MigratorTests {
    @Test func migrateTwiceAppliesNothingTheSecondTime() async throws {
        try await TestDatabase.with(migrate: false) { configuration in
            let database = try await configuration.open(migrate: false)
            defer { Task { await database.close() } }
            let migrator = Migrator(migrations: try configuration.loadMigrations())
            let first = try await migrator.migrate(database)
            #expect(first.count == migrator.migrations.count)
            let second = try await migrator.migrate(database)
            #expect(second.isEmpty)
            #expect(try await !migrator.hasPending(database))
            let count = try await database.client.query("SELECT count(*)::int FROM schema_migrations").decodeOne(Int.self)
            #expect(count == migrator.migrations.count)
        }
    }

    @Test func concurrentMigratesNeitherFailNorDoubleApply() async throws {
        try await TestDatabase.with(migrate: false) { configuration in
            let migrations = try configuration.loadMigrations()
            // Four clients race; the advisory lock lets exactly one apply each migration.
            let applied = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let database = try await configuration.open(migrate: false)
                        do {
                            let n = try await Migrator(migrations: migrations).migrate(database).count
                            await database.close()
                            return n
                        } catch {
                            await database.close()
                            throw error
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(applied.reduce(0, +) == migrations.count, "each migration applied exactly once, got \(applied)")
            let database = try await configuration.open(migrate: false)
            let count = try await database.client.query("SELECT count(*)::int FROM schema_migrations").decodeOne(Int.self)
            await database.close()
            #expect(count == migrations.count)
        }
    }

    @Test func changedAppliedMigrationIsAnError() async throws {
        try await TestDatabase.with { configuration in
            var migrations = try configuration.loadMigrations()
            migrations[0] = Migration(version: migrations[0].version, name: migrations[0].name, sql: migrations[0].sql + "\n-- edited")
            let database = try await configuration.open(migrate: false)
            defer { Task { await database.close() } }
            await #expect {
                try await Migrator(migrations: migrations).migrate(database)
            } throws: { error in
                guard let error = error as? StoreError else { return false }
                return error.code == .migrationChanged && error.message.contains(migrations[0].name)
            }
        }
    }

    @Test func failingMigrationRollsBackAndNamesTheLine() async throws {
        try await TestDatabase.with { configuration in
            var migrations = try configuration.loadMigrations()
            let next = (migrations.map(\.version).max() ?? 0) + 1
            migrations.append(Migration(version: next, name: "\(next)_broken", sql: "CREATE TABLE half_made (x int);\n\nSELECT no_such_column FROM papers;\n"))
            let database = try await configuration.open(migrate: false)
            defer { Task { await database.close() } }
            await #expect {
                try await Migrator(migrations: migrations).migrate(database)
            } throws: { error in
                guard let error = error as? StoreError else { return false }
                return error.code == .migrationFailed && error.message.contains("line 3")
            }
            // Nothing of the failed migration remains.
            let exists = try await database.client.query("SELECT to_regclass('public.half_made') IS NOT NULL").decodeOne(Bool.self)
            #expect(exists == false)
        }
    }
}

extension PostgresClient {
    func query(_ sql: String) async throws -> PostgresRowSequence {
        try await query(PostgresQuery(unsafeSQL: sql))
    }
}

extension PostgresRowSequence {
    func decodeOne<T: PostgresDecodable>(_ type: T.Type) async throws -> T? {
        for try await value in decode(T.self) { return value }
        return nil
    }
}
