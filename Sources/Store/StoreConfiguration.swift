import Foundation
import Logging

/// Where preflexor's data lives: a server given by URL, or the private embedded server.
public struct StoreConfiguration: Sendable {
    /// The server to use; nil means the embedded server under `home`.
    public var databaseURL: DatabaseURL?
    /// A login as `preflexor_reader` for `preflexor sql` on a server given by URL
    /// (`PREFLEXOR_READER_URL`). Without it, queries run as the owner under
    /// `SET ROLE preflexor_reader` in a read-only transaction.
    public var readerURL: DatabaseURL?
    /// `$PREFLEXOR_HOME`, default `./.preflexor`: embedded server, models, checkpoints.
    public var home: URL
    /// Settings of the embedded server (durable unless a test says otherwise).
    public var embedded: EmbeddedPostgres.Options
    /// Where the migrations are; nil: `Migration.defaultDirectory()`.
    public var migrationsDirectory: URL?

    public init(
        databaseURL: DatabaseURL? = nil, readerURL: DatabaseURL? = nil, home: URL = EmbeddedPostgres.defaultHome(),
        embedded: EmbeddedPostgres.Options = .init(), migrationsDirectory: URL? = nil
    ) {
        self.databaseURL = databaseURL
        self.readerURL = readerURL
        self.home = home
        self.embedded = embedded
        self.migrationsDirectory = migrationsDirectory
    }

    /// From command-line values, falling back to `DATABASE_URL`, `PREFLEXOR_READER_URL`
    /// and `PREFLEXOR_HOME`.
    public static func resolve(databaseURL: String? = nil, home: String? = nil) throws -> StoreConfiguration {
        let env = ProcessInfo.processInfo.environment
        let url = (databaseURL ?? env["DATABASE_URL"]).flatMap { $0.isEmpty ? nil : $0 }
        let reader = env["PREFLEXOR_READER_URL"].flatMap { $0.isEmpty ? nil : $0 }
        return StoreConfiguration(
            databaseURL: try url.map(DatabaseURL.init(parsing:)),
            readerURL: try reader.map(DatabaseURL.init(parsing:)),
            home: home.map { URL(fileURLWithPath: $0) } ?? EmbeddedPostgres.defaultHome())
    }

    /// The embedded server manager for `home`.
    public var embeddedServer: EmbeddedPostgres { EmbeddedPostgres(home: home, options: embedded) }

    /// The migrations this build applies.
    public func loadMigrations() throws -> [Migration] {
        try Migration.load(from: migrationsDirectory ?? Migration.defaultDirectory())
    }

    /// The owner's URL: the given one, or the embedded server's (started on demand).
    public func ownerURL() throws -> DatabaseURL {
        if let databaseURL { return databaseURL }
        let instance = try embeddedServer.start()
        return DatabaseURL(
            host: "127.0.0.1", port: instance.port, username: instance.owner,
            password: instance.ownerPassword, database: instance.database, tls: .disable)
    }

    /// Connects as the owner and applies pending migrations (the CLI's "migrate before
    /// first use").
    public func open(migrate: Bool = true, logger: Logger = Logger(label: "preflexor.store")) async throws -> Database {
        let database = try await Database.connect(try ownerURL(), logger: logger)
        if migrate {
            do {
                let applied = try await Migrator(migrations: try loadMigrations()).migrate(database)
                // The C function is installed once per server and again after a migration (which
                // may redefine it); other commands skip the superuser round trip.
                if databaseURL == nil, !applied.isEmpty || !embeddedServer.nativeFunctionsInstalled() {
                    await installNativeFunctions(logger: logger)
                }
            } catch {
                await database.close()
                throw error
            }
        }
        return database
    }

    /// On the private server, the C `kg.vector_cosine` (`NativeVector`); where it cannot be
    /// built or installed the SQL definition stays, and a notice says why.
    public func installNativeFunctions(logger: Logger = Logger(label: "preflexor.store")) async {
        guard let instance = embeddedServer.instance() else { return }
        // Say it once per server, not on every command: a marker beside the cluster.
        let marker = embeddedServer.clusterDirectory().appendingPathComponent("lib/native-unavailable.txt")
        do {
            let library = try await NativeVector.install(server: embeddedServer, database: instance.database,
                                                         migrations: try migrationsDirectory ?? Migration.defaultDirectory(), logger: logger)
            try? FileManager.default.removeItem(at: marker)
            try? library.path.write(to: embeddedServer.nativeInstalledMarker, atomically: true, encoding: .utf8)
        } catch {
            let reason = "kg.vector_cosine stays in SQL, so kg.nearest_chunks takes seconds instead of milliseconds: \(error)"
            if (try? String(contentsOf: marker, encoding: .utf8)) != reason {
                logger.notice("\(reason)")
                try? FileManager.default.createDirectory(at: marker.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? reason.write(to: marker, atomically: true, encoding: .utf8)
            }
        }
    }

    /// How `preflexor sql` connects: as `preflexor_reader` when it can log in as that role
    /// (embedded server, or `PREFLEXOR_READER_URL`); else as the owner with `SET ROLE`.
    public func readerConnection() throws -> (url: DatabaseURL, setRole: Bool) {
        if let readerURL { return (readerURL, false) }
        if let databaseURL { return (databaseURL, true) }
        let instance = try embeddedServer.start()
        return (DatabaseURL(
            host: "127.0.0.1", port: instance.port, username: instance.reader,
            password: instance.readerPassword, database: instance.database, tls: .disable), false)
    }
}
