import Foundation

/// A one-line progress bar on a terminal, plain log lines otherwise (both on stderr).
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let label: String
    private var lastDraw = 0.0

    init(label: String) {
        self.label = label
    }

    /// Redraws the bar (at most 10 times a second) or prints a log line.
    func update(done: Int, total: Int, elapsed: Double, line: String?) {
        lock.lock(); defer { lock.unlock() }
        if !isTerminal {
            if let line { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            return
        }
        if let line, line.hasPrefix("failed") {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line + "\n").utf8))
        }
        guard done == total || elapsed - lastDraw >= 0.1 else { return }
        lastDraw = elapsed
        let width = 30
        let filled = total > 0 ? Int(Double(width) * Double(done) / Double(total)) : width
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let text = String(format: "\r\u{1B}[K%@ %@ %d/%d  %.1f/s  ETA %@", label, bar, done, total, rate, Self.duration(eta))
        FileHandle.standardError.write(Data(text.utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
