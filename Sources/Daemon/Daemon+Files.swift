import Foundation
import Ingest
import Store

#if canImport(Glibc)
import Glibc
#endif

/// Where a job's file is.
enum Located {
    case file(URL)
    case missing(IngestFailure)
}

extension Daemon {
    /// The file a job ingests: its inbox path; if that is gone, the copy a finished run left
    /// in `done/` (the job then finds the paper unchanged); or the file in `failed/` moved
    /// back (a job retried with `preflexor jobs retry`).
    func locate(_ job: IngestJob) -> Located {
        let file = URL(fileURLWithPath: job.path)
        let fm = FileManager.default
        if fm.fileExists(atPath: file.path) { return .file(file) }
        let done = options.doneDirectory.appendingPathComponent(file.lastPathComponent)
        if file.deletingLastPathComponent().standardizedFileURL.path == options.inbox.path, fm.fileExists(atPath: done.path) {
            return .file(done)
        }
        let failed = options.failedDirectory.appendingPathComponent(file.lastPathComponent)
        if fm.fileExists(atPath: failed.path), rename(failed.path, file.path) == 0 {
            try? fm.removeItem(at: errorFile(for: file))
            return .file(file)
        }
        return .missing(IngestFailure(code: "ingest.unreadable", reason: "\(job.path): the file is no longer in the inbox", retryable: false))
    }

    /// Moves `file` into `directory` (replacing an older file of the same name) unless it is already there.
    func move(_ file: URL, to directory: URL) throws {
        let target = directory.appendingPathComponent(file.lastPathComponent)
        guard file.standardizedFileURL.path != target.standardizedFileURL.path,
              FileManager.default.fileExists(atPath: file.path) else { return }
        if rename(file.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            throw DaemonError(.fileMove, "cannot move \(file.path) to \(directory.path): \(reason)")
        }
    }

    func moveLogged(_ file: URL, to directory: URL) {
        do { try move(file, to: directory) } catch { logger.error("\(error)") }
    }

    /// `failed/<name>.error`: the error of a file that failed for good.
    func errorFile(for file: URL) -> URL {
        options.failedDirectory.appendingPathComponent(file.lastPathComponent + ".error")
    }

    /// Moves a failed file to `failed/` with its error beside it.
    func quarantine(_ file: URL, _ failure: IngestFailure, job: IngestJob) {
        var text = "file: \(job.path)\njob: \(job.id)\ncode: \(failure.code)\n"
        if let line = failure.line { text += "line: \(line)\n" }
        text += "attempts: \(job.attempts)\nreason: \(failure.reason)\n"
        do {
            try Data(text.utf8).write(to: errorFile(for: file), options: .atomic)
        } catch {
            logger.error("cannot write \(errorFile(for: file).path): \(error.localizedDescription)")
        }
        moveLogged(file, to: options.failedDirectory)
    }
}
