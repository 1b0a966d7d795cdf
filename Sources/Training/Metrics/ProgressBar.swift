import Foundation

/// Prints training progress to standard error: a redrawn bar on a terminal, one plain line
/// per `every` steps otherwise (logs, CI).
public final class ProgressBar: @unchecked Sendable {
    private let isTerminal: Bool
    private let every: Int
    private let start = Date()

    /// - Parameters: every: plain-line interval when not on a terminal (default 10);
    ///   forceTerminal: overrides the `isatty` check.
    public init(every: Int = 10, forceTerminal: Bool? = nil) {
        self.every = max(1, every)
        self.isTerminal = forceTerminal ?? (isatty(STDERR_FILENO) == 1)
    }

    /// The text for one step (the bar, or a plain line).
    public func line(_ m: StepMetrics, total: Int) -> String {
        let elapsed = Date().timeIntervalSince(start)
        var stats = String(format: "loss %.4f", m.loss)
        if let a = m.terms.accuracy { stats += String(format: " acc %.2f", a) }
        stats += String(format: " gnorm %.3g lr %.3g %.0f tok/s", m.gradNorm, m.learningRate, m.tokensPerSecond)
        if isTerminal {
            let width = 30, done = min(width, width * m.step / max(total, 1))
            let bar = String(repeating: "█", count: done) + String(repeating: "·", count: width - done)
            let eta = m.step > 0 ? elapsed / Double(m.step) * Double(total - m.step) : 0
            return String(format: "\r[%@] %d/%d %@ eta %.0fs", bar, m.step, total, stats, eta)
        }
        return "step \(m.step)/\(total) \(stats)\n"
    }

    /// Reports one step; pass as the trainer's `progress` callback.
    public func report(_ m: StepMetrics, total: Int) {
        guard isTerminal || m.step % every == 0 || m.step == total || m.step == 1 else { return }
        var text = line(m, total: total)
        if isTerminal && m.step == total { text += "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
