import Foundation

/// A time limit on a route's work. Hummingbird has no per-request timeout, and a middleware
/// cannot give up on the handler below it (it must await it), so the routes that can run
/// long (search, ask, chat completions; graph and SQL queries have a statement timeout) run their work through `Deadline`: the
/// work runs in its own task; when the limit passes first the caller gets
/// `ServiceError(.timeout)` at once and the work is cancelled (database queries stop at their
/// next await; CPU work on the CPU pool finishes its current batch and is dropped).
enum Deadline {
    static func run<T: Sendable>(_ limit: Duration, _ what: String,
                                 _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = Race<T>()
        let worker = Task { race.finish(await Result(catching: { try await work() })) }
        let timer = Task {
            try? await Task.sleep(for: limit)
            guard !Task.isCancelled else { return }
            if race.finish(.failure(ServiceError(.timeout, "\(what) took longer than \(Self.text(limit)); try again, or ask for less (a smaller k, fewer reflection rounds)"))) {
                worker.cancel()
            }
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await race.value()
        } onCancel: {
            worker.cancel()
            race.finish(.failure(CancellationError()))
        }
    }

    static func text(_ d: Duration) -> String {
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }

    /// The first result wins; later ones are dropped.
    final class Race<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<T, any Error>?
        private var waiter: CheckedContinuation<T, any Error>?

        /// Records `result` if none came first; true when it was the first.
        @discardableResult
        func finish(_ result: Result<T, any Error>) -> Bool {
            lock.lock()
            guard self.result == nil else { lock.unlock(); return false }
            self.result = result
            let waiter = self.waiter
            self.waiter = nil
            lock.unlock()
            waiter?.resume(with: result)
            return true
        }

        func value() async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                lock.lock()
                if let result {
                    lock.unlock()
                    continuation.resume(with: result)
                } else {
                    waiter = continuation
                    lock.unlock()
                }
            }
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
