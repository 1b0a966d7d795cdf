import Foundation

/// Wakes idle workers: a NOTIFY from the queue, a file queued by this daemon, or shutdown.
/// A notify with no one waiting is remembered, so a worker that was busy claims again at once.
final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var next: UInt64 = 0
    private var pending = false

    /// Wakes every waiting worker (or the next one to wait).
    func notify() {
        lock.lock()
        let woken = waiters
        waiters = [:]
        if woken.isEmpty { pending = true }
        lock.unlock()
        for continuation in woken.values { continuation.resume() }
    }

    /// Returns on a notify, after `timeout` seconds, or when the task is cancelled.
    func wait(timeout: Double) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForNotify() }
            group.addTask { try? await Task.sleep(for: .milliseconds(Int(timeout * 1000))) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForNotify() async {
        let id: UInt64 = lock.withLock { next += 1; return next }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                if pending || Task.isCancelled {
                    pending = false
                    lock.unlock()
                    continuation.resume()
                    return
                }
                waiters[id] = continuation
                lock.unlock()
            }
        } onCancel: {
            let continuation = lock.withLock { waiters.removeValue(forKey: id) }
            continuation?.resume()
        }
    }
}
