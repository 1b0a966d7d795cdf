#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Read-only bytes that live either in a memory-mapped file or in an owned heap copy.
///
/// Immutable after `init`, so it is safe to share across threads (`@unchecked Sendable`):
/// the pointer is never written through and is released exactly once in `deinit`.
final class MappedBytes: @unchecked Sendable {
    let base: UnsafeRawPointer?
    let count: Int
    private let isMapped: Bool

    /// Maps `path` read-only (MAP_PRIVATE). An empty file maps to a zero-length buffer.
    init(mapping path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT {
                throw TensorsError(.fileNotFound, "no such file; check the path (and, for a model, fetch it first)", path: path)
            }
            throw TensorsError(.ioFailure, "cannot open file: \(String(cString: strerror(code)))", path: path)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw TensorsError(.ioFailure, "cannot stat file: \(String(cString: strerror(errno)))", path: path)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw TensorsError(.ioFailure, "not a regular file", path: path)
        }
        count = Int(st.st_size)
        isMapped = count > 0
        if count == 0 {
            base = nil
            return
        }
        let pointer = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let pointer, pointer != MAP_FAILED else {
            throw TensorsError(.ioFailure, "mmap of \(count) bytes failed: \(String(cString: strerror(errno)))", path: path)
        }
        base = UnsafeRawPointer(pointer)
    }

    /// Copies `data` into an owned, 16-byte aligned heap buffer.
    init(copying data: Data) {
        count = data.count
        isMapped = false
        if count == 0 {
            base = nil
            return
        }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
        data.copyBytes(to: buffer.assumingMemoryBound(to: UInt8.self), count: count)
        base = UnsafeRawPointer(buffer)
    }

    deinit {
        guard let base else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }

    /// The bytes in `range`, which the caller has checked lies within `0..<count`.
    func buffer(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        guard let base, !range.isEmpty else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }
}
