import Foundation

/// Measures how late a timer on Swift's cooperative pool fires: a task sleeps `interval`
/// again and again and records how much longer each sleep took. CPU work that occupied the
/// pool's threads shows up here directly (the daemon keeps it on `CPUPool` threads).
public final class LagProbe: @unchecked Sendable {
    /// Sleep between samples.
    public let interval: Double
    private let lock = NSLock()
    private var samples: [Double] = []
    private var maxLag = 0.0

    public init(interval: Double = 0.05) {
        self.interval = interval
    }

    /// Samples until the task is cancelled.
    public func run() async {
        let clock = ContinuousClock()
        while !Task.isCancelled {
            let start = clock.now
            do { try await Task.sleep(for: .milliseconds(Int(interval * 1000))) } catch { return }
            let elapsed = clock.now - start
            let lag = max(0, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18 - interval)
            record(lag)
        }
    }

    func record(_ lag: Double) {
        lock.lock()
        samples.append(lag)
        if samples.count > 100_000 { samples.removeFirst(50_000) }
        maxLag = max(maxLag, lag)
        lock.unlock()
    }

    /// What the probe saw so far.
    public var summary: LagSummary {
        lock.lock()
        let sorted = samples.sorted()
        let worst = maxLag
        lock.unlock()
        func quantile(_ q: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * q))]
        }
        return LagSummary(samples: sorted.count, p50Milliseconds: quantile(0.5) * 1000, p99Milliseconds: quantile(0.99) * 1000,
                          maxMilliseconds: worst * 1000)
    }
}

/// Timer lag on the cooperative pool, in milliseconds.
public struct LagSummary: Sendable, Codable, Equatable {
    public var samples: Int
    public var p50Milliseconds: Double
    public var p99Milliseconds: Double
    public var maxMilliseconds: Double
}
