import Foundation
import Ingest
import PreflexorTesting
import Store
import StoreTesting
import Testing

/// Invalid, truncated and hostile files in the inbox.
@Suite(.serialized) struct DaemonBadInputTests {
    /// Hostile and broken files made here (they need no ../shared).
    static func madeUpBadFiles(into dir: URL) throws -> [String] {
        let paper = try GeneratedPapers.paper("bad", 99)
        let files: [(String, Data)] = [
            ("made-truncated.xml", Data(paper.utf8.prefix(paper.utf8.count / 2))),
            ("made-xxe.xml", Data("""
                <?xml version="1.0"?>
                <!DOCTYPE article [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <article><front><article-meta><title-group><article-title>&xxe;</article-title></title-group></article-meta></front></article>
                """.utf8)),
            ("made-laughs.xml", Data("""
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
                <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
                <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">]>
                <article><front><article-meta><title-group><article-title>&lol8;</article-title></title-group></article-meta></front></article>
                """.utf8)),
            ("made-binary.xml", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })),
            ("made-notes.txt", Data("not a paper at all\n".utf8)),
        ]
        for (name, data) in files { try data.write(to: dir.appendingPathComponent(name)) }
        return files.map(\.0)
    }

    /// Every file of ../shared/jats/edge-cases (and made-up hostile ones) dropped on a running
    /// daemon that already stored three papers: each file ends in done/ or failed/ exactly as
    /// `preflexor ingest` (the same pipeline) judges it, each failure with its error beside it;
    /// the stored papers do not change, and the daemon keeps ingesting afterwards.
    @Test(.enabled(if: Fixtures.hasSharedCorpus))
    func badFilesEndInFailedAndNothingStoredChanges() async throws {
        let edge = try #require(Fixtures.sharedJATS("edge-cases"))
        let staging = try TempInbox()
        defer { staging.remove() }
        // Flatten edge-cases/ (some files sit in sub-folders) into distinct names.
        let enumerator = try #require(FileManager.default.enumerator(atPath: edge.path))
        var names: [String] = []
        for case let relative as String in enumerator where relative.hasSuffix(".xml") {
            let name = "edge-" + relative.replacingOccurrences(of: "/", with: "__")
            try FileManager.default.copyItem(at: edge.appendingPathComponent(relative), to: staging.url.appendingPathComponent(name))
            names.append(name)
        }
        #expect(names.count > 10, "edge-cases holds its files")
        names += try Self.madeUpBadFiles(into: staging.url)

        // The verdict of the one-shot ingest on the same files, in a database of its own.
        let expectedFailed: Set<String> = try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false))
            let report = await pipeline.run(files: names.sorted().map { staging.url.appendingPathComponent($0) })
            return Set(report.results.filter { $0.status == .failed }.map { URL(fileURLWithPath: $0.path).lastPathComponent })
        }
        #expect(expectedFailed.isSuperset(of: ["made-truncated.xml", "made-xxe.xml", "made-laughs.xml", "made-binary.xml", "made-notes.txt", "edge-empty.xml"]),
                "\(expectedFailed.sorted())")

        try await TestDatabase.withDatabase { database, configuration in
            let url = try #require(configuration.databaseURL).fullString
            let inbox = try TempInbox()
            defer { inbox.remove() }
            let daemon = try DaemonProcess(inbox: inbox.url, databaseURL: url,
                                           arguments: ["--no-embed", "--workers", "2", "--poll", "0.2", "--lease", "20"])
            try GeneratedPapers.drop("keep", 0..<3, into: inbox.url)
            let stored = try await eventually(timeout: 90) {
                let papers = try await database.int("SELECT count(*)::int FROM papers")
                let open = try await database.openJobs()
                return papers == 3 && open == 0
            }
            #expect(stored, "\(daemon.logText.suffix(1500))")
            let snapshot = """
                SELECT string_agg(p.doi || ':' || p.content_sha256 || ':' || (SELECT count(*) FROM chunks c WHERE c.paper_id = p.id)
                       || ':' || (SELECT count(*) FROM mentions m JOIN chunks c ON c.id = m.chunk_id WHERE c.paper_id = p.id), ',' ORDER BY p.doi)
                FROM papers p WHERE p.doi LIKE '10.5555/daemon-keep.%'
                """
            let before = try await database.strings(snapshot)

            for name in names {
                try FileManager.default.moveItem(at: staging.url.appendingPathComponent(name), to: inbox.url.appendingPathComponent(name))
            }
            let settled = try await eventually(timeout: 240) {
                let open = try await database.openJobs()
                return open == 0 && inbox.files().isEmpty
            }
            #expect(settled, "every bad or odd file is dealt with: left \(inbox.files()) \(daemon.logText.suffix(2000))")
            #expect(daemon.isRunning, "the daemon keeps going")
            let failed = Set(inbox.files("failed").filter { !$0.hasSuffix(".error") })
            let done = Set(inbox.files("done"))
            #expect(failed == expectedFailed, "failed/ holds what ingest rejects: extra \(failed.subtracting(expectedFailed).sorted()), missing \(expectedFailed.subtracting(failed).sorted())")
            #expect(done == Set(names).subtracting(expectedFailed).union((0..<3).map { "pkeep-\($0).xml" }))
            for name in failed {
                let text = try String(contentsOf: inbox.url.appendingPathComponent("failed/\(name).error"), encoding: .utf8)
                #expect(text.contains("code: ") && text.contains("reason: ") && text.contains(name), "\(name).error: \(text)")
            }
            let failedJobs = try await database.strings("SELECT error_code || ' ' || error FROM ingest_jobs WHERE status = 'failed'")
            #expect(failedJobs.count == expectedFailed.count && failedJobs.allSatisfy { !$0.isEmpty })
            #expect(try await database.strings(snapshot) == before, "the papers stored before did not change")
            #expect(try await database.int("SELECT count(*)::int FROM papers WHERE title LIKE '%root:%'") == 0, "no external entity was read")

            try GeneratedPapers.drop("after", 0..<1, into: inbox.url)
            #expect(try await eventually(timeout: 60) { try await database.int("SELECT count(*)::int FROM papers WHERE doi = '10.5555/daemon-after.0'") == 1 },
                    "a good paper after the bad ones is stored")
            daemon.signal(SIGINT)
            #expect(await daemon.wait(timeout: 60) == 0, "\(daemon.logText.suffix(1500))")
        }
    }
}
