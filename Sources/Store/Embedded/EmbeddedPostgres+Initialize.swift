import Foundation

extension EmbeddedPostgres {
    /// initdb, server settings, first start, roles and database. On failure the half-made
    /// cluster is removed so that the next call starts clean.
    func initialize() throws -> EmbeddedInstance {
        let bin = try binDirectory()
        let cluster = try prepareClusterDirectory()
        let data = cluster.appendingPathComponent("data")
        if FileManager.default.fileExists(atPath: data.path) {
            try FileManager.default.removeItem(at: data)
        }
        let instance = EmbeddedInstance(
            port: try PortProbe.freePort(), database: "preflexor",
            owner: "preflexor", ownerPassword: Self.randomSecret(),
            reader: "preflexor_reader", readerPassword: Self.randomSecret(),
            superuser: "postgres", superuserPassword: Self.randomSecret())
        do {
            let pwfile = cluster.appendingPathComponent("initdb.pw")
            FileManager.default.createFile(
                atPath: pwfile.path, contents: Data(instance.superuserPassword.utf8),
                attributes: [.posixPermissions: 0o600])
            if isRoot { try chownToServerUser(pwfile.path) }
            defer { try? FileManager.default.removeItem(at: pwfile) }
            var args = [
                "-D", data.path, "-U", instance.superuser, "--pwfile=\(pwfile.path)",
                "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
            ]
            if !options.durable { args.append("--no-sync") }
            let result = try ProcessRunner.run(bin + "/initdb", args, asUser: serverUser)
            guard result.status == 0 else {
                throw StoreError(.serverStart, "initdb failed for \(data.path):\n\(result.output)")
            }
            try writeServerConfig(port: instance.port)
            try launch()
            try bootstrap(instance, bin: bin)
            try save(instance)
            return instance
        } catch {
            if let result = try? ProcessRunner.run(
                bin + "/pg_ctl", ["stop", "-D", data.path, "-m", "immediate"], asUser: serverUser), result.status == 0 {}
            try? FileManager.default.removeItem(at: data)
            throw error
        }
    }

    /// Writes preflexor's settings into `postgresql.conf`'s include file, at creation and at
    /// every start.
    func writeServerConfig(port: Int) throws {
        var lines = [
            "# Written by preflexor at every start of the server; edits here are lost.",
            "listen_addresses = '127.0.0.1'",
            "port = \(port)",
            "unix_socket_directories = ''",
            // A test cluster serves many test databases at once, each with its pools and
            // the CLI and daemon processes a test starts.
            "max_connections = \(options.durable ? 100 : 400)",
            "shared_buffers = 128MB",
            "work_mem = 16MB",
            "maintenance_work_mem = 128MB",
        ]
        if !options.durable {
            // Only for throwaway test clusters: never for a user's data.
            lines += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        }
        let conf = dataDirectory.appendingPathComponent("preflexor.conf")
        try (lines.joined(separator: "\n") + "\n").write(to: conf, atomically: false, encoding: .utf8)
        let main = dataDirectory.appendingPathComponent("postgresql.conf")
        let text = try String(contentsOf: main, encoding: .utf8)
        if !text.contains("include_if_exists = 'preflexor.conf'") {
            let handle = try FileHandle(forWritingTo: main)
            handle.seekToEndOfFile()
            handle.write(Data("\ninclude_if_exists = 'preflexor.conf'\n".utf8))
            try handle.close()
        }
        if isRoot { try chownToServerUser(conf.path) }
    }

    /// Roles and database, created as the superuser over the loopback connection.
    func bootstrap(_ instance: EmbeddedInstance, bin: String) throws {
        let sql = """
            CREATE ROLE \(instance.owner) LOGIN PASSWORD '\(instance.ownerPassword)';
            CREATE DATABASE \(instance.database) OWNER \(instance.owner) ENCODING 'UTF8' TEMPLATE template0;
            CREATE ROLE \(instance.reader) LOGIN PASSWORD '\(instance.readerPassword)';
            ALTER ROLE \(instance.reader) SET default_transaction_read_only = on;
            ALTER ROLE \(instance.reader) SET statement_timeout = '30s';
            REVOKE ALL ON DATABASE \(instance.database) FROM PUBLIC;
            GRANT CONNECT ON DATABASE \(instance.database) TO \(instance.reader);
            """
        let result = try ProcessRunner.run(
            bin + "/psql",
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", "\(instance.port)",
             "-U", instance.superuser, "-d", "postgres"],
            environment: ["PGPASSWORD": instance.superuserPassword], stdin: sql)
        guard result.status == 0 else {
            throw StoreError(.serverStart, "could not create preflexor's roles and database:\n\(result.output)")
        }
    }

    /// Picks (and creates) the folder for `data/`: under `home` when the server user can
    /// reach it, else `/var/lib/preflexor/<hash>` (recorded in `pg/cluster-location`).
    func prepareClusterDirectory() throws -> URL {
        let fm = FileManager.default
        let local = stateDirectory.appendingPathComponent("cluster")
        try fm.createDirectory(at: local, withIntermediateDirectories: true)
        guard isRoot else { return local }
        try chownToServerUser(local.path)
        let probe = try ProcessRunner.run("/usr/bin/test", ["-w", local.path, "-a", "-x", local.path], asUser: "postgres")
        if probe.status == 0 {
            try? fm.removeItem(at: stateDirectory.appendingPathComponent("cluster-location"))
            return local
        }
        // The postgres user cannot traverse to `home` (e.g. it is under /root).
        try? fm.removeItem(at: local)
        let fallback = URL(fileURLWithPath: "/var/lib/preflexor/\(homeHash)")
        try fm.createDirectory(at: fallback, withIntermediateDirectories: true)
        try chownToServerUser(fallback.path)
        try fallback.path.write(
            to: stateDirectory.appendingPathComponent("cluster-location"), atomically: true, encoding: .utf8)
        return fallback
    }

    func chownToServerUser(_ path: String) throws {
        let result = try ProcessRunner.run("/bin/chown", ["-R", "postgres:postgres", path])
        guard result.status == 0 else {
            throw StoreError(
                .configuration,
                "cannot give \(path) to the postgres user (\(result.output.trimmingCharacters(in: .whitespacesAndNewlines))); "
                    + "is the postgresql-15 package installed?")
        }
    }

    static func randomSecret() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
    }
}

/// Finds free TCP ports on the loopback interface.
enum PortProbe {
    /// Whether nothing listens on 127.0.0.1:`port`.
    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = loopback(port: port)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return rc == 0
    }

    /// A port the kernel reports free right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StoreError(.configuration, "cannot open a socket to find a free port") }
        defer { close(fd) }
        var addr = loopback(port: 0)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw StoreError(.configuration, "cannot bind a socket on 127.0.0.1 to find a free port") }
        var bound = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: bound.sin_port))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return addr
    }
}
