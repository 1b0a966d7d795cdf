import Foundation

/// Appends one JSON object per optimizer step to a file (`metrics.jsonl`).
public final class MetricsLog: @unchecked Sendable {
    /// The file written to.
    public let url: URL
    private let handle: FileHandle
    private let encoder: JSONEncoder

    /// Opens `url` for appending (creates it when absent; `truncate` starts it afresh).
    public init(url: URL, truncate: Bool) throws {
        self.url = url
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if truncate || !fm.fileExists(atPath: url.path) { _ = fm.createFile(atPath: url.path, contents: nil) }
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        } catch {
            throw TrainingError(.io, "cannot open \(url.path) for writing metrics; check the output directory is writable", underlying: error)
        }
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
    }

    deinit { try? handle.close() }

    /// Writes one record as a line.
    public func append(_ record: StepMetrics) throws {
        do {
            var data = try encoder.encode(record)
            data.append(0x0A)
            try handle.write(contentsOf: data)
        } catch {
            throw TrainingError(.io, "cannot append to \(url.path)", underlying: error)
        }
    }

    /// Reads every record of a metrics file, in order.
    public static func read(_ url: URL) throws -> [StepMetrics] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw TrainingError(.io, "cannot read metrics file \(url.path)", underlying: error)
        }
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").enumerated().map { i, line in
            do { return try decoder.decode(StepMetrics.self, from: Data(line.utf8)) } catch {
                throw TrainingError(.invalidData, "\(url.lastPathComponent) line \(i + 1) is not a metrics record", underlying: error)
            }
        }
    }
}
