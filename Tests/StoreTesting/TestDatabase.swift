import Foundation
import PreflexorTesting
import Store

/// A real PostgreSQL server for tests: the project's own embedded server, started once per
/// test process under `<repo>/.preflexor/test-pg` (durability off), and a fresh database for
/// each test, dropped afterwards.
///
/// `PREFLEXOR_TEST_HOME` moves the server's home.
public enum TestDatabase {
    /// The shared test server's home.
    public static let home: URL = {
        if let env = ProcessInfo.processInfo.environment["PREFLEXOR_TEST_HOME"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return Fixtures.repositoryRoot.appendingPathComponent(".preflexor/test-pg")
    }()

    /// The embedded server used by tests (fsync off: throwaway data).
    public static let server = EmbeddedPostgres(home: home, options: .init(durable: false))

    /// Runs `body` with a configuration whose database exists only for this call.
    /// The database is migrated when `migrate` is true.
    public static func with<T>(
        migrate: Bool = true, _ body: (StoreConfiguration) async throws -> T
    ) async throws -> T {
        // A test that opens a second database inside the first already holds a place.
        if holdsPlace { return try await withFreshDatabase(migrate: migrate, body) }
        await gate.acquire()
        do {
            let result = try await $holdsPlace.withValue(true) { try await withFreshDatabase(migrate: migrate, body) }
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }

    @TaskLocal static var holdsPlace = false

    /// How many test databases are in use at once. Swift Testing starts every test of a
    /// process together; unbounded, the suites' pools and the CLI and daemon processes they
    /// start ran the server out of connections (postgres-nio's circuit breaker tripped) and
    /// starved timing-sensitive tests of the 2 cores. `PREFLEXOR_TEST_DATABASES` sets it.
    /// A test's `.timeLimit` counts its wait here: keep limits generous (they end hangs).
    public static let concurrentDatabases: Int = {
        if let text = ProcessInfo.processInfo.environment["PREFLEXOR_TEST_DATABASES"], let n = Int(text), n > 0 {
            return n
        }
        return max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
    }()

    static let gate = AsyncGate(limit: concurrentDatabases)

    private static func withFreshDatabase<T>(
        migrate: Bool, _ body: (StoreConfiguration) async throws -> T
    ) async throws -> T {
        let instance = try server.start()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = DatabaseURL(
            host: "127.0.0.1", port: instance.port, username: instance.superuser,
            password: instance.superuserPassword, database: "postgres", tls: .disable)
        let superuser = try await Database.connect(admin)
        do {
            try await superuser.client.query(.init(unsafeSQL: "CREATE DATABASE \(name) OWNER \(instance.owner)")).collect()
        } catch {
            await superuser.close()
            throw error
        }
        let owner = DatabaseURL(
            host: "127.0.0.1", port: instance.port, username: instance.owner,
            password: instance.ownerPassword, database: name, tls: .disable)
        let reader = DatabaseURL(
            host: "127.0.0.1", port: instance.port, username: instance.reader,
            password: instance.readerPassword, database: name, tls: .disable)
        let configuration = StoreConfiguration(
            databaseURL: owner, readerURL: reader, home: home, embedded: .init(durable: false),
            migrationsDirectory: Fixtures.repositoryRoot.appendingPathComponent("migrations"))
        func drop() async {
            _ = try? await superuser.client.query(.init(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")).collect()
            await superuser.close()
        }
        do {
            if migrate {
                let database = try await configuration.open()
                await database.close()
                // Like the CLI on its private server: the C kg.vector_cosine where it builds.
                _ = try? await NativeVector.install(server: server, database: name,
                                                    migrations: Fixtures.repositoryRoot.appendingPathComponent("migrations"))
            }
            let result = try await body(configuration)
            await drop()
            return result
        } catch {
            await drop()
            throw error
        }
    }

    /// Runs `body` with an open owner connection to a fresh, migrated database.
    public static func withDatabase<T>(_ body: (Database, StoreConfiguration) async throws -> T) async throws -> T {
        try await with { configuration in
            let database = try await configuration.open(migrate: false)
            do {
                let result = try await body(database, configuration)
                await database.close()
                return result
            } catch {
                await database.close()
                throw error
            }
        }
    }
}

/// A counting semaphore for async code: at most `limit` holders at once, first come first served.
actor AsyncGate {
    private let limit: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func acquire() async {
        if holders < limit {
            holders += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            holders -= 1
        } else {
            // The place passes straight to the next in line.
            waiting.removeFirst().resume()
        }
    }
}
