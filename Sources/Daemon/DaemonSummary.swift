import Foundation

/// What a daemon did between start and stop (printed by `preflexor daemon --json` on exit).
public struct DaemonSummary: Sendable, Codable, Equatable {
    /// The name its workers claimed under.
    public var name: String
    public var enqueued = 0
    public var claimed = 0
    /// Jobs finished: stored, replaced or unchanged.
    public var done = 0
    /// Papers newly stored or replaced.
    public var stored = 0
    public var failed = 0
    public var retried = 0
    /// Jobs given back at shutdown.
    public var released = 0
    public var graphRefreshes = 0
    public var bytes = 0
    /// Seconds from start to stop.
    public var seconds = 0.0
    /// Seconds from the first claim to the last finished job.
    public var busySeconds = 0.0
    /// Cooperative-pool timer lag while running.
    public var lag: LagSummary?

    /// Finished jobs per second of busy time.
    public var jobsPerSecond: Double { busySeconds > 0 ? Double(done + failed) / busySeconds : 0 }
}

/// The daemon's mutable state, behind a lock.
final class DaemonState: @unchecked Sendable {
    private let lock = NSLock()
    private var summary: DaemonSummary
    private var stopping = false
    private var storedSinceRefresh = 0
    private var lastFinished: ContinuousClock.Instant?
    private var firstClaim: ContinuousClock.Instant?
    private var busy = 0

    init(name: String) { summary = DaemonSummary(name: name) }

    func update(_ body: (inout DaemonSummary) -> Void) { lock.withLock { body(&summary) } }
    var snapshot: DaemonSummary { lock.withLock { summary } }

    var isStopping: Bool { lock.withLock { stopping } }
    /// Returns true the first time.
    func stop() -> Bool { lock.withLock { defer { stopping = true }; return !stopping } }

    func claimed() {
        lock.withLock {
            summary.claimed += 1
            busy += 1
            if firstClaim == nil { firstClaim = .now }
        }
    }

    /// A claimed job ended (done, failed, retried, lost or released).
    func ended() { lock.withLock { busy -= 1 } }

    func finished(stored: Bool) {
        lock.withLock {
            let now = ContinuousClock.Instant.now
            lastFinished = now
            if stored { storedSinceRefresh += 1 }
            if let firstClaim {
                let d = now - firstClaim
                summary.busySeconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            }
        }
    }

    /// Papers stored since the last refresh, and seconds since a job last finished (zero
    /// while a job is in hand).
    var refreshDue: (papers: Int, idle: Double) {
        lock.withLock {
            if busy > 0 { return (storedSinceRefresh, 0) }
            guard let lastFinished else { return (storedSinceRefresh, .infinity) }
            let d = ContinuousClock.Instant.now - lastFinished
            return (storedSinceRefresh, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
    }

    func refreshed(_ papers: Int) { lock.withLock { storedSinceRefresh -= papers; summary.graphRefreshes += 1 } }
}
