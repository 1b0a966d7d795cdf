import Foundation
import PostgresNIO
import PreflexorTesting
import StoreTesting
import Testing
@testable import Store

/// A small paper record with the structure Ingest produces.
func samplePaper(key: String = "doi:10.5555/sample.1", doi: String? = "10.5555/sample.1", sha: String = "aaa", citing: String? = nil) -> PaperRecord {
    var r = PaperRecord(key: key, title: "Collagen fibrils under load", contentSHA256: sha, byteSize: 1234)
    r.doi = doi
    r.journal = "Test Journal"
    r.pubDate = "2024-03-05"
    r.pubYear = 2024
    r.affiliations = [.init(ordinal: 0, label: "1", text: "Lab of Materials")]
    r.authors = [
        .init(ordinal: 0, surname: "Doe", givenNames: "Jane", fullName: "Jane Doe", orcid: "0000-0001-2345-6789", email: nil, corresponding: true, affiliations: [0]),
        .init(ordinal: 1, surname: "Roe", givenNames: "Rick", fullName: "Rick Roe", orcid: nil, email: nil, corresponding: false, affiliations: [0]),
    ]
    r.keywords = [.init(keyword: "collagen", kind: nil), .init(keyword: "collagen", kind: nil), .init(keyword: "fibril", kind: "author")]
    r.sections = [
        .init(ordinal: 0, parentOrdinal: nil, depth: 0, path: ["Introduction"], title: "Introduction", secType: "intro", normalizedType: "introduction", kind: "body"),
        .init(ordinal: 1, parentOrdinal: 0, depth: 1, path: ["Introduction", "Background"], title: "Background", secType: nil, normalizedType: "introduction", kind: "body"),
    ]
    r.figures = [.init(ordinal: 0, sectionOrdinal: 1, kind: "figure", label: "Fig 1", caption: "Fibrils.")]
    r.chunks = [
        .init(key: "\(key)#0", sectionOrdinal: 0, ordinal: 0, kind: "paragraph", text: "Collagen fibrils carry tensile load.", charStart: 0, charEnd: 36, tokenCount: 8),
        .init(key: "\(key)#1", sectionOrdinal: 1, ordinal: 1, kind: "paragraph", text: "Hydroxyapatite stiffens bone.", charStart: 0, charEnd: 29, tokenCount: 6),
    ]
    r.citations = [.init(ordinal: 0, refID: "r1", label: "1", title: "A cited work", source: "Nature", year: 2001, doi: citing, pmid: nil)]
    return r
}

func count(_ database: Database, _ table: String) async throws -> Int {
    try await database.client.query("SELECT count(*)::int FROM \(table)").decodeOne(Int.self) ?? -1
}

let paperTables = ["papers", "authors", "affiliations", "author_affiliations", "keywords", "sections", "figures", "chunks", "citations"]

@Suite struct PaperRepositoryTests {
    @Test func storesWholePaperAndSecondStoreIsUnchanged() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let repository = PaperRepository(database)
            let first = try await repository.store(samplePaper())
            #expect(first.outcome == .inserted)
            var counts: [String: Int] = [:]
            for t in paperTables { counts[t] = try await count(database, t) }
            #expect(counts == ["papers": 1, "authors": 2, "affiliations": 1, "author_affiliations": 2, "keywords": 2,
                               "sections": 2, "figures": 1, "chunks": 2, "citations": 1])
            let parent = try await database.client.query(
                "SELECT p.title FROM sections s JOIN sections p ON p.id = s.parent_id WHERE s.title = 'Background'").decodeOne(String.self)
            #expect(parent == "Introduction")
            let again = try await repository.store(samplePaper())
            #expect(again.outcome == .unchanged)
            #expect(again.id == first.id)
            for t in paperTables { #expect(try await count(database, t) == counts[t], "\(t) changed on an unchanged re-ingest") }
        }
    }

    @Test func changedFileReplacesOldVersion() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let repository = PaperRepository(database)
            _ = try await repository.store(samplePaper())
            var changed = samplePaper(sha: "bbb")
            changed.title = "Collagen fibrils under load, revised"
            changed.chunks.removeLast()
            let result = try await repository.store(changed)
            #expect(result.outcome == .replaced)
            #expect(try await count(database, "papers") == 1)
            #expect(try await count(database, "chunks") == 1)
            let title = try await database.client.query("SELECT title FROM papers").decodeOne(String.self)
            #expect(title == "Collagen fibrils under load, revised")
        }
    }

    @Test func deleteRemovesEverythingDerivedExactly() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let repository = PaperRepository(database)
            let keep = try await repository.store(samplePaper(key: "doi:10.5555/keep", doi: "10.5555/keep"))
            let gone = try await repository.store(samplePaper())
            // Graph rows and embeddings that hang off the paper to delete, plus one shared entity.
            try await database.client.query("""
                WITH e AS (INSERT INTO entities (key, name, type) VALUES ('collagen','collagen','protein'), ('bone','bone','material'), ('hydroxyapatite','hydroxyapatite','mineral') RETURNING id, key)
                SELECT 1
                """).collect()
            try await database.client.query("""
                INSERT INTO mentions (entity_id, chunk_id, paper_id, char_start, char_end, surface)
                SELECT e.id, c.id, c.paper_id, 0, 8, 'Collagen' FROM entities e, chunks c WHERE e.key = 'collagen' AND c.ordinal = 0
                """).collect()
            try await database.client.query("""
                INSERT INTO mentions (entity_id, chunk_id, paper_id, char_start, char_end, surface)
                SELECT e.id, c.id, c.paper_id, 0, 4, 'bone' FROM entities e, chunks c WHERE e.key IN ('bone', 'hydroxyapatite') AND c.ordinal = 1 AND c.paper_id = \(gone.id)
                """).collect()
            try await database.client.query("""
                INSERT INTO relations (source_id, predicate, target_id, weight, paper_count)
                SELECT a.id, 'INCREASES', b.id, 1, 1 FROM entities a, entities b WHERE a.key = 'hydroxyapatite' AND b.key = 'bone'
                """).collect()
            try await database.client.query("""
                INSERT INTO relation_evidence (relation_id, paper_id, chunk_id, sentence_start, sentence_end, sentence)
                SELECT r.id, c.paper_id, c.id, 0, 29, c.text FROM relations r, chunks c WHERE c.paper_id = \(gone.id) AND c.ordinal = 1
                """).collect()
            try await database.client.query("""
                INSERT INTO embeddings (chunk_id, model, dim, vector) SELECT id, 'test', 2, '{0.6,0.8}' FROM chunks
                """).collect()
            #expect(try await repository.delete(id: gone.id))
            #expect(try await repository.delete(id: gone.id) == false)
            let remaining = try await database.client.query(
                "SELECT count(*)::int FROM chunks WHERE paper_id = \(gone.id)").decodeOne(Int.self)
            #expect(remaining == 0)
            #expect(try await count(database, "papers") == 1)
            #expect(try await count(database, "chunks") == 2)
            #expect(try await count(database, "embeddings") == 2, "only the kept paper's chunk embeddings remain")
            #expect(try await count(database, "relation_evidence") == 0)
            #expect(try await count(database, "relations") == 0, "a relation without evidence is removed")
            let entities = try await database.client.query("SELECT string_agg(key, ',' ORDER BY key) FROM entities").decodeOne(String.self)
            #expect(entities == "collagen", "entities only the deleted paper mentioned are removed")
            #expect(try await count(database, "mentions") == 1, "only the kept paper's mention remains")
            _ = keep
        }
    }

    @Test func citationsLinkToPapersInTheCorpusBothWays() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let repository = PaperRepository(database)
            // A cites B before B is ingested; then B arrives; then C cites B.
            _ = try await repository.store(samplePaper(key: "doi:10.5555/a", doi: "10.5555/a", citing: "10.5555/B"))
            let b = try await repository.store(samplePaper(key: "doi:10.5555/b", doi: "10.5555/b"))
            _ = try await repository.store(samplePaper(key: "doi:10.5555/c", doi: "10.5555/c", citing: "10.5555/b"))
            let linked = try await database.client.query(
                "SELECT count(*)::int FROM citations WHERE cited_paper_id = \(b.id)").decodeOne(Int.self)
            #expect(linked == 2)
            #expect(try await repository.find("10.5555/B") == b.id)
            #expect(try await repository.find("https://doi.org/10.5555/b") == b.id)
            #expect(try await repository.find("\(b.id)") == b.id)
            #expect(try await repository.find("10.5555/none") == nil)
        }
    }

    /// Two papers that cite each other, stored in concurrent transactions that both insert
    /// before either commits (a barrier in `afterInsert` forces the interleaving): each must
    /// still be linked to the other once both have committed.
    @Test func concurrentPapersCitingEachOtherLinkBothWays() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let repository = PaperRepository(database)
            let barrier = Barrier(parties: 2)
            async let a = repository.store(samplePaper(key: "doi:10.5555/x", doi: "10.5555/x", citing: "10.5555/y")) { _, _, _ in
                await barrier.arrive()
            }
            async let b = repository.store(samplePaper(key: "doi:10.5555/y", doi: "10.5555/y", citing: "10.5555/x")) { _, _, _ in
                await barrier.arrive()
            }
            let (x, y) = try await (a, b)
            let xy = try await database.client.query(
                "SELECT count(*)::int FROM citations WHERE paper_id = \(x.id) AND cited_paper_id = \(y.id)").decodeOne(Int.self)
            let yx = try await database.client.query(
                "SELECT count(*)::int FROM citations WHERE paper_id = \(y.id) AND cited_paper_id = \(x.id)").decodeOne(Int.self)
            #expect(xy == 1 && yx == 1, "x->y \(xy), y->x \(yx)")
        }
    }

    @Test func aFailureInsideTheTransactionStoresNothing() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let repository = PaperRepository(database)
            var bad = samplePaper()
            bad.pubDate = "2024-02-31"  // not a date: the server refuses the paper row
            await #expect(throws: StoreError.self) { try await repository.store(bad) }
            for t in paperTables {
                let n = try await count(database, t)
                #expect(n == 0, "\(t) has rows of a failed paper")
            }
            struct Boom: Error {}
            await #expect(throws: (any Error).self) {
                try await repository.store(samplePaper()) { _, _, _ in throw Boom() }
            }
            for t in paperTables {
                let n = try await count(database, t)
                #expect(n == 0, "\(t) has rows after a failing afterInsert")
            }
        }
    }

    /// A paper whose transaction PostgreSQL aborts as a deadlock victim is stored on the next
    /// attempt, also when the deadlock reaches the retry wrapped, as a graph writer inside the
    /// transaction wraps it ("could not store the graph of paper 13: deadlock detected").
    /// The deadlock is real: the paper's transaction locks row 1 then row 2 of a scratch table
    /// while another transaction locks row 2 then row 1; the paper's waits first, so its
    /// deadlock check fires first and it is the victim.
    @Test func aDeadlockVictimIsRunAgainEvenWhenWrapped() async throws {
        try await TestDatabase.withDatabase { database, _ in
            try await database.client.query("CREATE TABLE deadlock_rows (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)").collect()
            try await database.client.query("INSERT INTO deadlock_rows (id) VALUES (1), (2)").collect()
            let attempts = Counter()
            let otherHoldsRow2 = Barrier(parties: 2)
            let paperHoldsRow1 = Barrier(parties: 2)
            let other = Task {
                try await database.client.withTransaction(logger: database.logger) { connection in
                    await paperHoldsRow1.arrive()
                    try await connection.query("UPDATE deadlock_rows SET n = n + 1 WHERE id = 2", logger: database.logger).collect()
                    await otherHoldsRow2.arrive()
                    try await Task.sleep(for: .milliseconds(300))  // the paper's transaction is waiting on row 2 by now
                    try await connection.query("UPDATE deadlock_rows SET n = n + 1 WHERE id = 1", logger: database.logger).collect()
                }
            }
            let repository = PaperRepository(database)
            let stored = try await repository.store(samplePaper()) { transaction, paperID, _ in
                guard await attempts.next() == 1 else { return }
                do {
                    try await transaction.connection.query("UPDATE deadlock_rows SET n = n + 1 WHERE id = 1", logger: database.logger).collect()
                    await paperHoldsRow1.arrive()
                    await otherHoldsRow2.arrive()
                    try await transaction.connection.query("UPDATE deadlock_rows SET n = n + 1 WHERE id = 2", logger: database.logger).collect()
                } catch {
                    throw PaperRepository.wrap(error, "could not store the graph of paper \(paperID)")
                }
            }
            try await other.value
            #expect(stored.outcome == .inserted)
            #expect(await attempts.value == 2, "the paper's transaction was not the deadlock victim, or was not run again")
            #expect(try await count(database, "papers") == 1)
            #expect(try await count(database, "chunks") == 2)
        }
    }
}

/// Suspends each caller until `parties` callers have arrived.
actor Barrier {
    private let parties: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var arrived = 0
    init(parties: Int) { self.parties = parties }
    func arrive() async {
        arrived += 1
        if arrived >= parties {
            waiting.forEach { $0.resume() }
            waiting.removeAll()
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}

/// A counter shared by the attempts of a retried transaction.
actor Counter {
    private(set) var value = 0
    func next() -> Int { value += 1; return value }
}
