import Foundation

/// What happened to one file.
public struct FileOutcome: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable { case inserted, replaced, unchanged, failed }
    public var path: String
    public var status: Status
    public var paperID: Int64?
    public var title: String?
    public var chunks: Int
    public var bytes: Int
    /// For failures: the reason, and the line when the parser knows it.
    public var error: String?
    public var line: Int?
    /// For failures: the error's code and whether another attempt may succeed.
    public var failure: IngestFailure? = nil
}

/// The summary `preflexor ingest` prints (and `--json` emits).
public struct IngestReport: Sendable, Codable, Equatable {
    public var files = 0
    public var inserted = 0
    public var replaced = 0
    public var unchanged = 0
    public var failed = 0
    public var chunks = 0
    public var bytes = 0
    public var seconds = 0.0
    public var results: [FileOutcome] = []

    /// Papers (files) per second over the whole run.
    public var papersPerSecond: Double { seconds > 0 ? Double(files) / seconds : 0 }

    mutating func add(_ o: FileOutcome) {
        files += 1
        bytes += o.bytes
        chunks += o.chunks
        switch o.status {
        case .inserted: inserted += 1
        case .replaced: replaced += 1
        case .unchanged: unchanged += 1
        case .failed: failed += 1
        }
        results.append(o)
    }
}

/// Progress after each file, for a progress bar.
public struct IngestProgress: Sendable {
    public var done: Int
    public var total: Int
    public var bytesDone: Int
    public var elapsed: Double
    public var last: FileOutcome
}
