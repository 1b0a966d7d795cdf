import Foundation

/// Finds complete files in a daemon's inbox: a file is offered once its size and
/// modification time are the same on two consecutive scans (so a file still being copied
/// in is left alone), and offered once. Hidden files, names ending in `.part` or `.tmp`
/// (the rename-in protocol: write `x.xml.part`, then rename to `x.xml`) and folders such as
/// `done/` and `failed/` are skipped.
public struct InboxScanner: Sendable {
    struct Seen: Equatable, Sendable {
        var size: Int
        var modified: Date
    }

    /// The inbox folder.
    public let directory: URL
    var previous: [String: Seen] = [:]
    var offered: [String: Seen] = [:]

    public init(directory: URL) {
        self.directory = directory
    }

    /// One scan: the paths that became complete since the last one, in name order.
    public mutating func scan() throws -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw IngestError(.unreadable, "cannot read the inbox \(directory.path): \(error.localizedDescription)")
        }
        var current: [String: Seen] = [:]
        var ready: [URL] = []
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasSuffix(".part") && !name.hasSuffix(".tmp") {
            let url = directory.appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let size = (attributes[.size] as? NSNumber)?.intValue,
                  let modified = attributes[.modificationDate] as? Date else { continue }
            let seen = Seen(size: size, modified: modified)
            current[name] = seen
            if previous[name] == seen && offered[name] != seen {
                offered[name] = seen
                ready.append(url)
            }
        }
        previous = current
        offered = offered.filter { current[$0.key] != nil }
        return ready
    }
}
