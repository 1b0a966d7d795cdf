import ArgumentParser
import Foundation
import Store

/// `preflexor db …`: the database server and its schema.
struct DbCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the database: the private server, migrations and a psql shell.",
        subcommands: [Start.self, Stop.self, Status.self, Migrate.self, Psql.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create (on first use) and start the private PostgreSQL server, then migrate it.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = try store.configuration()
            if let url = configuration.databaseURL {
                print("using the server at \(url) (DATABASE_URL); preflexor starts no server of its own")
            } else {
                let instance = try configuration.embeddedServer.start()
                print("PostgreSQL is running on 127.0.0.1:\(instance.port) (data in \(configuration.home.path)/pg)")
            }
            let database = try await configuration.open()
            await database.close()
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the private PostgreSQL server (harmless when stopped).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = try store.configuration()
            guard configuration.databaseURL == nil else {
                print("using DATABASE_URL: preflexor did not start that server and does not stop it")
                return
            }
            let server = configuration.embeddedServer
            let before = try server.status()
            try server.stop()
            switch before {
            case .running: print("stopped")
            case .stopped: print("already stopped")
            case .notInitialized: print("no private server exists yet under \(configuration.home.path)")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the server and which migrations are applied.")
        @OptionGroup var store: StoreOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        struct Report: Encodable {
            var server: String
            var url: String
            var migrations: [Migrator.Entry]
        }

        func run() async throws {
            let configuration = try store.configuration()
            var report = Report(server: "external", url: configuration.databaseURL?.description ?? "", migrations: [])
            if configuration.databaseURL == nil {
                switch try configuration.embeddedServer.status() {
                case .notInitialized: report.server = "not initialised (starts on first use)"
                case .stopped(let port): report.server = "stopped (port \(port))"
                case .running(let port):
                    report.server = "running on 127.0.0.1:\(port)"
                    report.url = try configuration.ownerURL().description
                }
            }
            let reachable = configuration.databaseURL != nil || report.server.hasPrefix("running")
            if reachable {
                let database = try await configuration.open(migrate: false)
                report.migrations = try await Migrator(migrations: try configuration.loadMigrations()).status(database)
                await database.close()
            }
            if json { print(try jsonString(report)); return }
            print("server:     \(report.server)")
            if !report.url.isEmpty { print("url:        \(report.url)") }
            for m in report.migrations {
                print("migration:  \(m.name)  \(m.applied ? "applied" : "pending")")
            }
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply pending migrations (safe to run concurrently).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = try store.configuration()
            let database = try await configuration.open(migrate: false)
            do {
                let applied = try await Migrator(migrations: try configuration.loadMigrations()).migrate(database)
                print(applied.isEmpty ? "up to date" : applied.map { "applied \($0.name)" }.joined(separator: "\n"))
                await database.close()
            } catch {
                await database.close()
                throw error
            }
        }
    }

    struct Psql: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open psql on preflexor's database (as the read-only role with --reader).")
        @OptionGroup var store: StoreOptions
        @Flag(name: .long, help: "Connect as preflexor_reader, the read-only role.") var reader = false
        @Argument(parsing: .captureForPassthrough, help: "Extra arguments for psql, e.g. -c \"select 1\".")
        var psqlArguments: [String] = []

        func run() async throws {
            let configuration = try store.configuration()
            let database = try await configuration.open()
            await database.close()
            let url = reader ? try configuration.readerConnection().url : try configuration.ownerURL()
            let psql = ["/usr/bin/psql", "/usr/lib/postgresql/15/bin/psql"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
            guard let psql else {
                throw ValidationError("psql is not installed; apt-get install postgresql-client-15")
            }
            let status = try runInteractive(psql, ["-X"] + psqlArguments, environment: [
                "PGHOST": url.host, "PGPORT": "\(url.port)", "PGUSER": url.username,
                "PGPASSWORD": url.password ?? "", "PGDATABASE": url.database,
                "PGSSLMODE": url.tls.rawValue,
            ])
            if status != 0 { throw ExitCode(status) }
        }

        func runInteractive(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }
}
