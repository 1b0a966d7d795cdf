import Foundation
import PreflexorTesting
import Store

/// pg_regress-style golden tests of the SQL API: a `<name>.sql` file of queries (one per
/// statement, as a domain expert would type them) and a `<name>.out` beside it with each
/// query echoed before its result, rendered by `QueryResult.renderTable()`. Every query runs
/// through `ReadOnlyQuery.run`, i.e. as the reader role in a read-only transaction; an error
/// is part of the expected output (`ERROR:  …`).
public enum SQLGolden {
    /// Runs every statement of `sqlFile` against `configuration` and renders the transcript.
    public static func render(_ sqlFile: URL, configuration: StoreConfiguration) async throws -> String {
        let script = try String(contentsOf: sqlFile, encoding: .utf8)
        var out: [String] = []
        for statement in SQLScript.split(script) {
            out.append(statement.sql + ";")
            do {
                let result = try await ReadOnlyQuery.run(statement.sql, configuration: configuration)
                out.append(result.renderTable())
            } catch let error as StoreError {
                out.append("ERROR:  " + (error.serverMessage ?? error.message))
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// Renders `sqlFile` and compares with the `.out` file beside it (re-recorded when
    /// `PREFLEXOR_RECORD=1`, and the run must then fail).
    public static func check(_ sqlFile: URL, configuration: StoreConfiguration) async throws -> GoldenResult {
        let actual = try await render(sqlFile, configuration: configuration)
        return Golden.check(actual, against: sqlFile.deletingPathExtension().appendingPathExtension("out"))
    }

    /// Checks every file and returns one message per file that does not match (recorded,
    /// missing or differing), for the test to record as issues.
    public static func problems(_ files: [URL], configuration: StoreConfiguration) async throws -> [String] {
        var out: [String] = []
        for file in files {
            switch try await check(file, configuration: configuration) {
            case .matches: break
            case .recorded(let path): out.append("recorded \(path); review it and run again without PREFLEXOR_RECORD")
            case .missing(let path): out.append("no golden file \(path); record it with PREFLEXOR_RECORD=1")
            case .differs(let diff): out.append("\(file.lastPathComponent) differs from its .out:\n\(diff)")
            }
        }
        return out
    }

    /// The `.sql` files of a folder, sorted by name.
    public static func files(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
