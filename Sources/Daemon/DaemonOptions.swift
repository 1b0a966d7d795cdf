import Foundation

/// Settings of `preflexor daemon`.
public struct DaemonOptions: Sendable {
    /// The folder watched for papers; processed files go to `done/`, failures to `failed/`.
    public var inbox: URL
    /// Jobs ingested at once by this daemon.
    public var workers: Int
    /// Seconds a claim holds a job without renewal; a dead worker's job is taken again after it.
    public var lease: Double
    /// Seconds between inbox scans and between queue polls when no NOTIFY arrives.
    public var poll: Double
    /// Claims of a job before a transient failure becomes final.
    public var maxAttempts: Int
    /// Seconds before the first retry of a transient failure (doubling, at most `maxBackoff`).
    public var backoff: Double
    public var maxBackoff: Double
    /// Seconds without a finished job after which communities and entity vectors are refreshed.
    public var refreshIdle: Double
    /// Papers stored after which the graph is refreshed even if jobs keep coming.
    public var refreshEvery: Int
    /// Seconds between progress lines in the log.
    public var progressInterval: Double
    /// The name this daemon's workers claim under (`<name>/w<i>`); default host, pid and a random tag.
    public var name: String

    public init(inbox: URL, workers: Int = ProcessInfo.processInfo.activeProcessorCount, lease: Double = 60, poll: Double = 1,
                maxAttempts: Int = 5, backoff: Double = 2, maxBackoff: Double = 300, refreshIdle: Double = 3,
                refreshEvery: Int = 500, progressInterval: Double = 10, name: String? = nil) {
        self.inbox = inbox.standardizedFileURL
        self.workers = workers
        self.lease = lease
        self.poll = poll
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.maxBackoff = maxBackoff
        self.refreshIdle = refreshIdle
        self.refreshEvery = refreshEvery
        self.progressInterval = progressInterval
        self.name = name ?? "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Throws when a setting is out of range, naming it.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw DaemonError(.configuration, message) }
        }
        try check(workers >= 1, "--workers must be at least 1, not \(workers)")
        try check(lease >= 1, "--lease must be at least 1 second, not \(lease)")
        try check(poll > 0 && poll <= 60, "--poll must be between 0 and 60 seconds, not \(poll)")
        try check(maxAttempts >= 1, "--max-attempts must be at least 1, not \(maxAttempts)")
        try check(backoff >= 0 && maxBackoff >= backoff, "the retry backoff must be between 0 and \(maxBackoff) seconds")
        try check(refreshEvery >= 1, "the refresh count must be at least 1")
    }

    /// `done/` in the inbox.
    public var doneDirectory: URL { inbox.appendingPathComponent("done", isDirectory: true) }
    /// `failed/` in the inbox.
    public var failedDirectory: URL { inbox.appendingPathComponent("failed", isDirectory: true) }

    /// Seconds before the next attempt after `attempts` claims.
    func backoff(afterAttempts attempts: Int) -> Double {
        min(maxBackoff, backoff * pow(2, Double(max(0, attempts - 1))))
    }
}
