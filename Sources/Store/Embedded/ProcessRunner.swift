import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion and captures its output. Used for initdb, pg_ctl and psql.
struct ProcessResult: Sendable {
    var status: Int32
    var output: String
}

enum ProcessRunner {
    /// Runs `executable args`, optionally as another user through `runuser` (PostgreSQL
    /// refuses to run as root). Output and errors are captured together.
    ///
    /// This uses posix_spawn and waitpid rather than Foundation's `Process`: it is called
    /// from async code under a file lock, and must make progress without a run loop or a
    /// free thread. Output goes to a temporary file, not a pipe, because `pg_ctl start`
    /// leaves a server running that would hold a pipe open forever.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], asUser user: String? = nil,
        environment: [String: String] = [:], stdin: String? = nil
    ) throws -> ProcessResult {
        let program = user == nil ? executable : "/usr/sbin/runuser"
        // `env -C /`: the server user may not be allowed into the caller's directory.
        let argv = user.map { ["runuser", "-u", $0, "--", "/usr/bin/env", "-C", "/", executable] + arguments } ?? [executable] + arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let envp = env.map { "\($0.key)=\($0.value)" }

        let tmp = FileManager.default.temporaryDirectory.path
        let base = "\(tmp)/preflexor-\(getpid())-\(UUID().uuidString)"
        let outputPath = base + ".out"
        let inputPath = base + ".in"
        defer {
            unlink(outputPath)
            unlink(inputPath)
        }
        if let stdin {
            guard FileManager.default.createFile(atPath: inputPath, contents: Data(stdin.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw StoreError(.configuration, "cannot create a temporary file in \(tmp)")
            }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin == nil ? "/dev/null" : inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var pid: pid_t = 0
        let rc = withCStrings(argv) { cArgv in
            withCStrings(envp) { cEnv in
                posix_spawn(&pid, program, &actions, nil, cArgv, cEnv)
            }
        }
        guard rc == 0 else {
            throw StoreError(.postgresNotInstalled, "could not run \(program): \(String(cString: strerror(rc)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { throw StoreError(.configuration, "waiting for \(program) failed: \(String(cString: strerror(errno)))") }
        }
        let output = FileManager.default.contents(atPath: outputPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        // WIFEXITED / WEXITSTATUS by hand (macros are not imported).
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(status: exitCode, output: output)
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for p in pointers { free(p) } }
        return body(pointers)
    }
}

/// An exclusive advisory lock on a file (flock), held until `release()`.
struct FileLock {
    private let fd: Int32

    init(path: String) throws {
        fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError(.configuration, "cannot open lock file \(path): \(String(cString: strerror(errno)))")
        }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR {
                close(fd)
                throw StoreError(.configuration, "cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
