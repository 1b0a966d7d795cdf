import Crypto
import Foundation
import Logging
import PostgresNIO

/// The C implementation of `kg.vector_cosine` (native/pg/preflexor_vector.c) for the private
/// server: built once with the system C compiler against PostgreSQL's server headers
/// (`postgresql-server-dev-15`), kept beside the cluster where the server user can read it,
/// and installed over the SQL definition of migration 0006 as the server's superuser. It
/// makes `kg.nearest_chunks` an exact scan in tens of milliseconds instead of seconds.
///
/// Nothing depends on it: where it cannot be built or installed (a server given by
/// `DATABASE_URL`, no headers, no compiler) the SQL definition answers the same, slower.
public enum NativeVector {
    /// The C source, found beside the migrations folder (`<repo>/native/pg`).
    static func source(migrations: URL) -> URL {
        migrations.deletingLastPathComponent().appendingPathComponent("native/pg/preflexor_vector.c")
    }

    /// Builds the library for `server` unless a build of this exact source is there; returns its path.
    static func library(for server: EmbeddedPostgres, source: URL) throws -> URL {
        let code: Data
        do { code = try Data(contentsOf: source) } catch {
            throw StoreError(.migrationFile, "cannot read \(source.path): \(error.localizedDescription)")
        }
        let tag = SHA256.hash(data: code).prefix(6).map { String(format: "%02x", $0) }.joined()
        let folder = server.clusterDirectory().appendingPathComponent("lib")
        let library = folder.appendingPathComponent("preflexor_vector-\(tag).so")
        if FileManager.default.fileExists(atPath: library.path) { return library }
        let bin = try server.binDirectory()
        let config = try ProcessRunner.run(bin + "/pg_config", ["--includedir-server"])
        let include = config.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard config.status == 0, FileManager.default.fileExists(atPath: include + "/postgres.h") else {
            throw StoreError(.postgresNotInstalled, "PostgreSQL server headers not found (apt-get install postgresql-server-dev-15)")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let partial = folder.appendingPathComponent("build-\(UUID().uuidString).so")
        guard let compiler = Self.compiler() else {
            throw StoreError(.postgresNotInstalled, "no C compiler found (set CC, or install gcc or clang)")
        }
        let result = try ProcessRunner.run(compiler, ["-O2", "-fPIC", "-shared", "-I", include, "-o", partial.path, source.path])
        guard result.status == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw StoreError(.queryFailed, "compiling \(source.lastPathComponent) failed: \(result.output.prefix(500))")
        }
        _ = try? FileManager.default.replaceItemAt(library, withItemAt: partial)
        if !FileManager.default.fileExists(atPath: library.path) { try FileManager.default.moveItem(at: partial, to: library) }
        if server.isRoot {
            _ = try ProcessRunner.run("/bin/chown", ["-R", "postgres:postgres", folder.path])
        }
        return library
    }

    /// `$CC`, else the first of cc, gcc, clang, clang-14 on the PATH (the Swift toolchain
    /// brings clang; postgresql-server-dev-15 brings clang-14).
    static func compiler() -> String? {
        if let cc = ProcessInfo.processInfo.environment["CC"], !cc.isEmpty { return cc }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["cc", "gcc", "clang", "clang-14"] {
            for dir in path + ["/usr/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }

    /// Builds (when needed) and installs the C `kg.vector_cosine` into `database` on the
    /// private server, as its superuser. Returns the library's path.
    @discardableResult
    public static func install(server: EmbeddedPostgres, database name: String, migrations: URL,
                               logger: Logger = Logger(label: "preflexor.store")) async throws -> URL {
        guard let instance = server.instance() else {
            throw StoreError(.notFound, "the private server is not initialised")
        }
        let library = try self.library(for: server, source: source(migrations: migrations))
        let url = DatabaseURL(host: "127.0.0.1", port: instance.port, username: instance.superuser,
                              password: instance.superuserPassword, database: name, tls: .disable)
        let database = try await Database.connect(url, logger: logger)
        do {
            let path = library.path.replacingOccurrences(of: "'", with: "''")
            // Already this library? Then nothing to do (a cheap check on every open).
            var current: String?
            for try await bin in try await database.client.query(
                "SELECT p.probin FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'kg' AND p.proname = 'vector_cosine'",
                logger: logger
            ).decode(String?.self) { current = bin }
            if current != library.path {
                try await database.client.query(PostgresQuery(unsafeSQL: """
                    CREATE OR REPLACE FUNCTION kg.vector_cosine(a real[], b real[]) RETURNS real
                    AS '\(path)', 'preflexor_vector_cosine'
                    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE COST 100
                    """), logger: logger).collect()
            }
            await database.close()
        } catch {
            await database.close()
            throw PaperRepository.wrap(error, "could not install the native kg.vector_cosine")
        }
        return library
    }
}

extension EmbeddedPostgres {
    /// Records the library last installed into this server's database.
    var nativeInstalledMarker: URL { clusterDirectory().appendingPathComponent("lib/installed.txt") }

    /// Whether the C functions were installed and their library is still there.
    func nativeFunctionsInstalled() -> Bool {
        guard let path = try? String(contentsOf: nativeInstalledMarker, encoding: .utf8) else { return false }
        return FileManager.default.fileExists(atPath: path)
    }
}
