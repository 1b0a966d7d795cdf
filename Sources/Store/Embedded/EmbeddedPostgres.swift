import Crypto
import Foundation

/// A private PostgreSQL 15 server that preflexor creates, starts and reuses when no
/// `DATABASE_URL` is given.
///
/// Layout under `home` (`$PREFLEXOR_HOME`, default `./.preflexor`):
///
///     pg/instance.json   port, database and role passwords (mode 0600)
///     pg/lock            serialises initdb/start/stop between processes
///     pg/cluster/        data/ and server.log (owned by `postgres` when we run as root)
///
/// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
/// through `runuser`. When that user cannot reach `home` (e.g. a checkout under /root) the
/// cluster lives in `/var/lib/preflexor/<hash of home>/` instead, recorded in
/// `pg/cluster-location`. The server listens on 127.0.0.1 only, on a free port chosen at
/// first start, with scram-sha-256 passwords.
public struct EmbeddedPostgres: Sendable {
    /// Settings of the private server.
    public struct Options: Sendable {
        /// fsync and synchronous commit on (default). Only tests turn this off.
        public var durable: Bool
        /// Folder with initdb, pg_ctl and psql; default: the newest of
        /// /usr/lib/postgresql/{17,16,15}/bin, or `$PREFLEXOR_PG_BIN`.
        public var binDirectory: String?

        public init(durable: Bool = true, binDirectory: String? = nil) {
            self.durable = durable
            self.binDirectory = binDirectory
        }
    }

    /// Whether the server exists and runs.
    public enum Status: Equatable, Sendable {
        case notInitialized
        case stopped(port: Int)
        case running(port: Int)
    }

    public let home: URL
    public let options: Options

    public init(home: URL, options: Options = Options()) {
        self.home = home.standardizedFileURL
        self.options = options
    }

    /// `$PREFLEXOR_HOME`, else `./.preflexor` in the current directory.
    public static func defaultHome() -> URL {
        if let env = ProcessInfo.processInfo.environment["PREFLEXOR_HOME"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".preflexor")
    }

    var stateDirectory: URL { home.appendingPathComponent("pg") }
    var instanceFile: URL { stateDirectory.appendingPathComponent("instance.json") }
    var isRoot: Bool { geteuid() == 0 }
    var serverUser: String? { isRoot ? "postgres" : nil }

    /// The folder holding `data/` and `server.log`.
    func clusterDirectory() -> URL {
        let pointer = stateDirectory.appendingPathComponent("cluster-location")
        if let text = try? String(contentsOf: pointer, encoding: .utf8) {
            return URL(fileURLWithPath: text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return stateDirectory.appendingPathComponent("cluster")
    }

    var dataDirectory: URL { clusterDirectory().appendingPathComponent("data") }
    var logFile: URL { clusterDirectory().appendingPathComponent("server.log") }

    /// The PostgreSQL binaries folder.
    func binDirectory() throws -> String {
        if let dir = options.binDirectory ?? ProcessInfo.processInfo.environment["PREFLEXOR_PG_BIN"] {
            return dir
        }
        for version in [17, 16, 15] {
            let dir = "/usr/lib/postgresql/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: dir + "/initdb") { return dir }
        }
        throw StoreError(
            .postgresNotInstalled,
            "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/{17,16,15}/bin); "
                + "install them with `apt-get install postgresql-15 postgresql-contrib`, "
                + "set PREFLEXOR_PG_BIN, or give a server with DATABASE_URL")
    }

    /// Reads the instance description, if the server was initialised.
    public func instance() -> EmbeddedInstance? {
        guard let data = try? Data(contentsOf: instanceFile) else { return nil }
        return try? JSONDecoder().decode(EmbeddedInstance.self, from: data)
    }

    /// Whether the server is initialised and running.
    public func status() throws -> Status {
        guard let instance = instance(),
            FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path)
        else { return .notInitialized }
        let bin = try binDirectory()
        let result = try ProcessRunner.run(bin + "/pg_ctl", ["status", "-D", dataDirectory.path], asUser: serverUser)
        return result.status == 0 ? .running(port: instance.port) : .stopped(port: instance.port)
    }

    /// Creates the cluster on first use and starts it when it is not running. Safe to call
    /// from several processes at once; returns the running instance.
    @discardableResult
    public func start() throws -> EmbeddedInstance {
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        let lock = try FileLock(path: stateDirectory.appendingPathComponent("lock").path)
        defer { lock.release() }

        var instance = try instance() ?? initialize()
        switch try status() {
        case .running:
            return instance
        case .notInitialized:
            // instance.json without a data folder: the cluster was removed by hand.
            try? FileManager.default.removeItem(at: instanceFile)
            instance = try initialize()
        case .stopped:
            break
        }
        if !PortProbe.isFree(instance.port) {
            instance.port = try PortProbe.freePort()
            try save(instance)
        }
        // Re-written at every start, so a cluster made by an older preflexor gets today's settings.
        try writeServerConfig(port: instance.port)
        try launch()
        return instance
    }

    /// Stops the server (fast shutdown: running transactions are rolled back). Harmless
    /// when it is not running.
    public func stop() throws {
        guard case .running = try status() else { return }
        let lock = try FileLock(path: stateDirectory.appendingPathComponent("lock").path)
        defer { lock.release() }
        let bin = try binDirectory()
        let result = try ProcessRunner.run(
            bin + "/pg_ctl", ["stop", "-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60"], asUser: serverUser)
        if result.status != 0 {
            throw StoreError(.serverStop, "could not stop the private PostgreSQL server: \(result.output)")
        }
    }

    func launch() throws {
        let bin = try binDirectory()
        let result = try ProcessRunner.run(
            bin + "/pg_ctl", ["start", "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60"],
            asUser: serverUser)
        if result.status != 0 {
            let log = (try? String(contentsOf: logFile, encoding: .utf8))?.split(separator: "\n").suffix(8)
                .joined(separator: "\n") ?? ""
            throw StoreError(
                .serverStart,
                "the private PostgreSQL server did not start (log: \(logFile.path)):\n\(result.output)\(log)")
        }
    }

    func save(_ instance: EmbeddedInstance) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let tmp = stateDirectory.appendingPathComponent("instance.json.tmp")
        FileManager.default.createFile(
            atPath: tmp.path, contents: try encoder.encode(instance), attributes: [.posixPermissions: 0o600])
        guard rename(tmp.path, instanceFile.path) == 0 else {
            throw StoreError(.configuration, "cannot write \(instanceFile.path): \(String(cString: strerror(errno)))")
        }
    }

    /// A stable short name for this home, for the fallback cluster location.
    var homeHash: String {
        SHA256.hash(data: Data(home.path.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

/// What `preflexor` needs to reach its private server.
public struct EmbeddedInstance: Codable, Sendable, Equatable {
    public var port: Int
    public var database: String
    public var owner: String
    public var ownerPassword: String
    public var reader: String
    public var readerPassword: String
    public var superuser: String
    public var superuserPassword: String
}
