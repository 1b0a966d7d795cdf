import Crypto
import Foundation

/// One numbered plain-SQL migration file, `NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String
    /// SHA-256 of the file's bytes, hex; an applied file must never change.
    public var checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads every `NNNN_name.sql` in `directory`, in version order. Two files with one
    /// number, or a name that does not parse, is an error naming the file.
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw StoreError(.migrationFile, "cannot read the migrations folder \(directory.path); set PREFLEXOR_MIGRATIONS to the project's migrations/ folder")
        }
        var migrations: [Migration] = []
        for file in names.sorted() where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw StoreError(.migrationFile, "migration file \(file) must be named NNNN_name.sql (e.g. 0003_graph_api.sql)")
            }
            let url = directory.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path), let sql = String(data: data, encoding: .utf8) else {
                throw StoreError(.migrationFile, "migration file \(url.path) is not readable UTF-8 text")
            }
            if let clash = migrations.first(where: { $0.version == version }) {
                throw StoreError(.migrationFile, "migrations \(clash.name) and \(file) share the number \(version); renumber one")
            }
            migrations.append(Migration(version: version, name: String(stem), sql: sql))
        }
        return migrations
    }

    /// The project's `migrations/` folder: `$PREFLEXOR_MIGRATIONS`, else a `migrations/`
    /// folder beside or above the running executable (a checkout's `.build/…/preflexor`),
    /// `../share/preflexor/migrations` beside it (an install), or the source checkout this
    /// module was built from.
    public static func defaultDirectory() throws -> URL {
        let fm = FileManager.default
        func valid(_ url: URL) -> Bool {
            (try? fm.contentsOfDirectory(atPath: url.path))?.contains(where: { $0.hasPrefix("0001_") }) ?? false
        }
        if let env = ProcessInfo.processInfo.environment["PREFLEXOR_MIGRATIONS"], !env.isEmpty {
            let url = URL(fileURLWithPath: env)
            guard valid(url) else {
                throw StoreError(.migrationFile, "PREFLEXOR_MIGRATIONS=\(env) holds no 0001_*.sql migration")
            }
            return url
        }
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = executable.deletingLastPathComponent()
        candidates.append(dir.appendingPathComponent("../share/preflexor/migrations").standardizedFileURL)
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("migrations"))
            dir = dir.deletingLastPathComponent()
        }
        // Sources/Store/Migrations/Migration.swift -> repository root.
        let source = URL(fileURLWithPath: #filePath)
        candidates.append(source.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("migrations"))
        if let found = candidates.first(where: valid) { return found }
        throw StoreError(.migrationFile, "cannot find preflexor's migrations/ folder; set PREFLEXOR_MIGRATIONS to it")
    }
}
