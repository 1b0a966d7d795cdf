import Foundation

/// Locations of the project's own test fixtures and of the read-only shared corpus.
///
/// Fixtures live in `Tests/Fixtures/<Module>/` and are found from this file's path, so
/// tests need no resource bundles. The shared corpus is `../shared/jats` beside the
/// repository (override with `PREFLEXOR_SHARED=/path/to/shared`).
public enum Fixtures {
    /// The repository root (the folder holding Package.swift).
    public static let repositoryRoot: URL = {
        // .../Tests/PreflexorTesting/Fixtures.swift -> three levels up.
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// `Tests/Fixtures/<module>/<name>`.
    public static func url(_ module: String, _ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures/\(module)/\(name)")
    }

    /// Reads a fixture as UTF-8 text.
    public static func text(_ module: String, _ name: String) throws -> String {
        try String(contentsOf: url(module, name), encoding: .utf8)
    }

    /// Reads a fixture as bytes.
    public static func data(_ module: String, _ name: String) throws -> Data {
        try Data(contentsOf: url(module, name))
    }

    /// `../shared` beside the repository, or `$PREFLEXOR_SHARED`; nil when absent.
    public static let shared: URL? = {
        let env = ProcessInfo.processInfo.environment["PREFLEXOR_SHARED"]
        let candidate = env.map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("jats").path, isDirectory: &isDir), isDir.boolValue {
            return candidate
        }
        return nil
    }()

    /// `../shared/jats/<sub>` when the shared corpus is present.
    public static func sharedJATS(_ sub: String = "") -> URL? {
        guard let shared else { return nil }
        let jats = shared.appendingPathComponent("jats")
        return sub.isEmpty ? jats : jats.appendingPathComponent(sub)
    }

    /// True when `../shared/jats` exists. When false, prints a loud notice once so the
    /// skipped tests are visible in the log (CI always has the corpus).
    public static var hasSharedCorpus: Bool {
        if shared == nil { SkipNotice.once() }
        return shared != nil
    }

    /// True when `PREFLEXOR_RECORD=1`: golden files are re-recorded and the run fails.
    public static var recording: Bool {
        ProcessInfo.processInfo.environment["PREFLEXOR_RECORD"] == "1"
    }
}

enum SkipNotice {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var printed = false

    static func once() {
        lock.lock(); defer { lock.unlock() }
        guard !printed else { return }
        printed = true
        let line = String(repeating: "!", count: 78)
        FileHandle.standardError.write(Data("""
        \(line)
        !! SKIPPED: ../shared/jats was not found beside the repository (set PREFLEXOR_SHARED).
        !! Tests over the real shared corpus did NOT run; only the project's own fixtures did.
        \(line)

        """.utf8))
    }
}
