import Foundation

/// Expands the paths given to `preflexor ingest`: files, directories (recursively, `.xml`
/// and `.nxml`), and shell-style globs.
public enum FileDiscovery {
    /// Extensions read from directories.
    public static let extensions: Set<String> = ["xml", "nxml"]

    /// Every matching file, sorted and without duplicates. A path that matches nothing is an
    /// error that names it.
    public static func expand(_ paths: [String]) throws -> [URL] {
        var seen = Set<String>()
        var out: [URL] = []
        func add(_ url: URL) {
            let path = url.standardizedFileURL.path
            if seen.insert(path).inserted { out.append(URL(fileURLWithPath: path)) }
        }
        for path in paths {
            let matches = isGlob(path) ? glob(path) : [path]
            if matches.isEmpty {
                throw IngestError(.noInput, "no file matches \(path)", path: path)
            }
            for match in matches {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: match, isDirectory: &isDir) else {
                    throw IngestError(.noInput, "no such file or directory", path: match)
                }
                if isDir.boolValue {
                    for file in try files(under: URL(fileURLWithPath: match)) { add(file) }
                } else {
                    add(URL(fileURLWithPath: match))
                }
            }
        }
        return out
    }

    static func files(under directory: URL) throws -> [URL] {
        guard let enumerator = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else {
            throw IngestError(.unreadable, "cannot list the directory", path: directory.path)
        }
        var files: [URL] = []
        for case let url as URL in enumerator where extensions.contains(url.pathExtension.lowercased()) {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    static func isGlob(_ path: String) -> Bool {
        path.contains("*") || path.contains("?") || path.contains("[")
    }

    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { i in result.gl_pathv[i].map { String(cString: $0) } }.sorted()
    }
}

#if canImport(Glibc)
import Glibc
#endif
