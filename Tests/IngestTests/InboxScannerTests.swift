import Foundation
import Testing
@testable import Ingest

@Suite struct InboxScannerTests {
    /// A file is offered only after two scans see it unchanged, once; a growing file,
    /// `.part` files, hidden files and folders are not.
    @Test func offersOnlyStableFilesOnce() throws {
        let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("inbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: inbox.appendingPathComponent("done"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: inbox) }
        try Data("<article/>".utf8).write(to: inbox.appendingPathComponent("a.xml"))
        try Data("<art".utf8).write(to: inbox.appendingPathComponent("b.xml"))
        try Data("x".utf8).write(to: inbox.appendingPathComponent("c.xml.part"))
        try Data("x".utf8).write(to: inbox.appendingPathComponent(".hidden.xml"))
        var scanner = InboxScanner(directory: inbox)
        #expect(try scanner.scan().isEmpty, "nothing is complete on the first sight")
        let handle = try FileHandle(forWritingTo: inbox.appendingPathComponent("b.xml"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("icle/>".utf8))
        try handle.close()
        #expect(try scanner.scan().map(\.lastPathComponent) == ["a.xml"], "b.xml grew between scans")
        #expect(try scanner.scan().map(\.lastPathComponent) == ["b.xml"], "a.xml is not offered twice")
        #expect(try scanner.scan().isEmpty)
        var missing = InboxScanner(directory: inbox.appendingPathComponent("missing"))
        #expect(throws: IngestError.self) { _ = try missing.scan() }
    }
}
