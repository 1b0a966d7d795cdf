import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Dedicated threads for CPU-bound ingest stages (parse, chunk, extract, embed), so that
/// they never occupy Swift's cooperative pool: on a machine with few cores a paper's parse
/// or a BLAS call there would stall every timer, lease renewal and database reply of the
/// process. `run` suspends the calling task (freeing its cooperative thread) until one of
/// the pool's threads has run the work.
///
/// The queue of waiting work is bounded by the callers: each caller waits for its result, so
/// there are never more items queued than tasks awaiting `run` (the daemon's workers, the
/// CLI's files in flight).
///
/// The pool's threads run at a lower priority (`niceIncrement` above the process's nice value;
/// on Linux the nice value is per thread): with every core busy with ingest work, a cooperative
/// thread woken by a timer or a database reply preempts them at once instead of waiting for the
/// scheduler's time slice. Throughput is unchanged when nothing else wants the cores.
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
            // The marker and the name are set from inside the thread. The OS name (15 bytes on
            // Linux, what top -H and gdb show) is for people; `ownsCurrentThread` reads the
            // marker. Neither goes through Foundation's Thread.current, which on Linux has been
            // seen to name another thread (a pool thread kept a GCD worker's name, and the test
            // that read names failed once in a clean clone).
            let thread = Thread { [self] in
                pthread_setspecific(CPUPool.marker, Unmanaged.passUnretained(self).toOpaque())
                CPUPool.nameCurrentThread("preflexor-cpu-\(i)")
                _ = nice(CPUPool.niceIncrement)   // this thread only (Linux/NPTL)
                self.loop()
            }
            thread.stackSize = 8 << 20  // deep XML and recursive extraction
            thread.start()
        }
    }

    /// The thread-specific key whose value, on a pool's threads, is that pool.
    private static let marker: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    /// Whether the calling thread is one of this pool's threads.
    public var ownsCurrentThread: Bool {
        pthread_getspecific(CPUPool.marker) == UnsafeMutableRawPointer(Unmanaged.passUnretained(self).toOpaque())
    }

    /// Sets the calling thread's OS name (/proc/thread-self/comm; at most 15 bytes are kept).
    static func nameCurrentThread(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var bytes = Array(name.utf8.prefix(15))
        _ = write(fd, &bytes, bytes.count)
    }

    /// The OS name of the calling thread (`preflexor-cpu-<i>` on a pool's threads), as the
    /// kernel has it (/proc/thread-self/comm); "" where that cannot be read.
    public static var currentThreadName: String {
        guard let name = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8) else { return "" }
        return name.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Added to the nice value of each pool thread (10: a cooperative thread competing for the
    /// same core gets about nine tenths of it).
    public static let niceIncrement: Int32 = 10

    /// The nice value of the calling thread (/proc/thread-self/stat, field 19); nil where that
    /// cannot be read.
    public static var currentThreadNice: Int? {
        guard let stat = try? String(contentsOfFile: "/proc/thread-self/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        return fields.count > 16 ? Int(fields[16]) : nil   // fields[0] is field 3 (state)
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
