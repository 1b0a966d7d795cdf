import Foundation
import PreflexorTesting
import Store
import StoreTesting
import Testing

/// The CLI as a user runs it: the built binary in a subprocess.
struct CLI {
    static let binary = Fixtures.repositoryRoot.appendingPathComponent(".build/debug/preflexor")

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DATABASE_URL")
        env["COLUMNS"] = "100"
        for (k, v) in environment { env[k] = v }
        return try run(executable: binary, arguments, environment: env)
    }

    /// Runs `executable` with exactly `environment`, collecting its output.
    static func run(executable: URL, _ arguments: [String], environment env: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

@Suite struct CLITests {
    @Test func helpIsTheManual() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        let url = Fixtures.url("CLI", "help.expected")
        switch Golden.check(result.stdout, against: url) {
        case .matches: break
        case .recorded(let path): Issue.record("recorded \(path); re-run without PREFLEXOR_RECORD")
        case .missing(let path): Issue.record("no golden file \(path); run with PREFLEXOR_RECORD=1")
        case .differs(let diff): Issue.record("`preflexor --help` changed:\n\(diff)")
        }
    }

    @Test func sqlReadsAndRefusesWrites() async throws {
        try await TestDatabase.with { configuration in
            let env = ["DATABASE_URL": configuration.databaseURL!.fullString, "PREFLEXOR_READER_URL": configuration.readerURL!.fullString]
            let ok = try CLI.run(["sql", "select count(*) from papers"], environment: env)
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(ok.stdout.contains("count") && ok.stdout.contains("(1 row)"))
            let json = try CLI.run(["sql", "--json", "select 1 as one"], environment: env)
            #expect(json.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[{\"one\":\"1\"}]")
            let refused = try CLI.run(["sql", "delete from papers"], environment: env)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("read-only") && refused.stderr.contains("DELETE"))
        }
    }

    @Test func ingestReportsFailuresAndExitsNonZero() async throws {
        try await TestDatabase.with { configuration in
            let env = ["DATABASE_URL": configuration.databaseURL!.fullString]
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pfx-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            try "<article><front>\n<oops></front></article>".write(to: dir.appendingPathComponent("bad.xml"), atomically: true, encoding: .utf8)
            let silk = Fixtures.repositoryRoot.appendingPathComponent("corpus/silk.xml").path
            let result = try CLI.run(["ingest", "--no-embed", "--json", dir.path, silk], environment: env)
            #expect(result.status == 1)
            let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(report?["failed"] as? Int == 1)
            #expect(report?["inserted"] as? Int == 1)
            #expect(result.stderr.contains("bad.xml:2"), "the failure names file and line: \(result.stderr)")
            let again = try CLI.run(["ingest", "--no-embed", "--json", silk], environment: env)
            #expect(again.status == 0)
            #expect((try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])?["unchanged"] as? Int == 1)
        }
    }
}
