import Foundation
import PostgresNIO
import PreflexorTesting
import Store

/// Small valid JATS papers for daemon tests, made from the repository's corpus/ samples with
/// a distinct DOI and title each (so every file is a different paper), and no ../shared.
enum GeneratedPapers {
    static let templates: [String] = {
        let dir = Fixtures.repositoryRoot.appendingPathComponent("corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.filter { $0.hasSuffix(".xml") }.sorted() ?? []
        return names.compactMap { try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
    }()

    /// The DOI of paper `i` of a batch tagged `tag`.
    static func doi(_ tag: String, _ i: Int) -> String { "10.5555/daemon-\(tag).\(i)" }

    /// Paper `i`: template `i % 8` with its own DOI and title.
    static func paper(_ tag: String, _ i: Int) throws -> String {
        precondition(!templates.isEmpty, "corpus/*.xml is missing")
        var text = templates[i % templates.count]
        guard let doi = text.range(of: #"<article-id pub-id-type="doi">[^<]*</article-id>"#, options: .regularExpression),
              let title = text.range(of: "<article-title>") else {
            throw HarnessError("corpus template \(i % templates.count) has no DOI or title")
        }
        text.replaceSubrange(title, with: "<article-title>Paper \(i) of batch \(tag): ")
        let doiRange = text.range(of: #"<article-id pub-id-type="doi">[^<]*</article-id>"#, options: .regularExpression) ?? doi
        text.replaceSubrange(doiRange, with: "<article-id pub-id-type=\"doi\">\(self.doi(tag, i))</article-id>")
        return text
    }

    /// Writes papers `range` into `inbox` at once: each is written beside it as `.part`
    /// first, then all are renamed in (the rename-in protocol), so they land together.
    static func drop(_ tag: String, _ range: Range<Int>, into inbox: URL) throws {
        var staged: [(URL, URL)] = []
        for i in range {
            let final = inbox.appendingPathComponent("p\(tag)-\(i).xml")
            let part = final.appendingPathExtension("part")
            try Data(try paper(tag, i).utf8).write(to: part)
            staged.append((part, final))
        }
        for (part, final) in staged { try FileManager.default.moveItem(at: part, to: final) }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A temporary inbox folder.
struct TempInbox {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pfx-inbox-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func files(_ sub: String = "") -> [String] {
        let dir = sub.isEmpty ? url : url.appendingPathComponent(sub)
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// `preflexor daemon` as a child process, its log in a file (a pipe could fill and block it).
final class DaemonProcess {
    static let binary = Fixtures.repositoryRoot.appendingPathComponent(".build/debug/preflexor")
    let process = Process()
    let log: URL
    let out: URL

    init(inbox: URL, databaseURL: String, arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw HarnessError("\(Self.binary.path) is missing: build the CLI first (swift build --build-tests)")
        }
        let tag = UUID().uuidString.prefix(8)
        log = FileManager.default.temporaryDirectory.appendingPathComponent("pfx-daemon-\(tag).log")
        out = FileManager.default.temporaryDirectory.appendingPathComponent("pfx-daemon-\(tag).json")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        process.executableURL = Self.binary
        process.arguments = ["daemon", "--inbox", inbox.path, "--json"] + arguments
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = databaseURL
        process.environment = env
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var isRunning: Bool { process.isRunning }
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits for exit (up to `timeout` seconds); the exit status, or nil if still running.
    func wait(timeout: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// The JSON summary printed on a graceful exit.
    var summary: [String: Any]? {
        guard let data = try? Data(contentsOf: out), !data.isEmpty else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// Claim records from the log: `claim-begin` / `claim-end` lines with job, owner, attempt, outcome and time.
    var claims: [ClaimRecord] { ClaimRecord.parse(logText) }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: log)
        try? FileManager.default.removeItem(at: out)
    }
}

/// One `claim-begin` or `claim-end` line of a daemon's log.
struct ClaimRecord {
    var begin: Bool
    var job: Int64
    var owner: String
    var attempt: Int?
    var outcome: String?
    var at: Int64

    static func parse(_ log: String) -> [ClaimRecord] {
        var out: [ClaimRecord] = []
        for line in log.split(separator: "\n") {
            let begin = line.hasSuffix(" claim-begin")
            guard begin || line.hasSuffix(" claim-end") else { continue }
            var fields: [String: String] = [:]
            for token in line.split(separator: " ") {
                guard let eq = token.firstIndex(of: "=") else { continue }
                fields[String(token[..<eq])] = String(token[token.index(after: eq)...])
            }
            guard let job = fields["job"].flatMap(Int64.init), let owner = fields["owner"], let at = fields["at"].flatMap(Int64.init) else { continue }
            out.append(ClaimRecord(begin: begin, job: job, owner: owner, attempt: fields["attempt"].flatMap(Int.init), outcome: fields["outcome"], at: at))
        }
        return out
    }
}

/// Polls `condition` every 250 ms until it holds or `timeout` seconds pass.
func eventually(timeout: Double, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(250))
    }
    return try await condition()
}

extension Database {
    func int(_ sql: String) async throws -> Int {
        for try await (n,) in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode((Int,).self) { return n }
        return 0
    }

    func strings(_ sql: String) async throws -> [String] {
        var out: [String] = []
        for try await (s,) in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode((String,).self) { out.append(s) }
        return out
    }

    /// Jobs still to do (queued or running).
    func openJobs() async throws -> Int {
        try await int("SELECT count(*)::int FROM ingest_jobs WHERE status IN ('queued', 'running')")
    }
}
