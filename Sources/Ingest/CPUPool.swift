import Foundation

/// Dedicated threads for CPU-bound ingest stages (parse, chunk, extract, embed), so that
/// they never occupy Swift's cooperative pool: on a machine with few cores a paper's parse
/// or a BLAS call there would stall every timer, lease renewal and database reply of the
/// process. `run` suspends the calling task (freeing its cooperative thread) until one of
/// the pool's threads has run the work.
///
/// The queue of waiting work is bounded by the callers: each caller waits for its result, so
/// there are never more items queued than tasks awaiting `run` (the daemon's workers, the
/// CLI's files in flight).
public final class CPUPool: @unchecked Sendable {
    /// Threads in the pool.
    public let threads: Int
    private let condition = NSCondition()
    private var queue: [() -> Void] = []
    private var head = 0
    private var stopped = false

    /// A pool of `threads` threads (default: one per core), named `preflexor-cpu-<i>`.
    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.threads = max(1, threads)
        for i in 0..<self.threads {
            // The name is set from inside: on Linux a name given before start() is not applied.
            let thread = Thread { [self] in
                Thread.current.name = "preflexor-cpu-\(i)"
                self.loop()
            }
            thread.stackSize = 8 << 20  // deep XML and recursive extraction
            thread.start()
        }
    }

    /// One pool for the whole process, sized to the cores.
    public static let shared = CPUPool()

    /// Lets the threads exit once the queued work is done (a pool lives until then: its
    /// threads hold it). `run` after `shutdown` never completes.
    public func shutdown() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body` on one of the pool's threads and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            submit {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Runs `body` on one of the pool's threads and returns its result (no errors).
    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            submit { continuation.resume(returning: body()) }
        }
    }

    private func submit(_ work: @escaping () -> Void) {
        condition.lock()
        queue.append(work)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while head == queue.count && !stopped { condition.wait() }
            if head == queue.count && stopped {
                condition.unlock()
                return
            }
            let work = queue[head]
            head += 1
            if head > 64 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()
            work()
        }
    }
}
