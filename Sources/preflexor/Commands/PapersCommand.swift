import ArgumentParser
import Foundation
import Store

/// `preflexor papers …`: list, show and delete stored papers.
struct PapersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "papers",
        abstract: "List, show or delete stored papers.",
        subcommands: [List.self, Show.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored papers, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(name: .long, help: "Show at most this many papers.") var limit = 50
        @Option(name: .long, help: "Skip this many papers.") var offset = 0
        @Option(name: .long, help: "Only papers whose title or DOI contains this text.") var search: String?
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() async throws {
            let database = try await store.configuration().open()
            let papers: [PaperSummary]
            do { papers = try await PaperRepository(database).list(limit: limit, offset: offset, search: search) } catch {
                await database.close(); throw error
            }
            await database.close()
            if json { print(try jsonString(papers)); return }
            let result = QueryResult(
                columns: ["id", "year", "doi / pmcid", "chunks", "title"],
                rows: papers.map { ["\($0.id)", $0.year.map(String.init), $0.doi ?? $0.pmcid, "\($0.chunks)", String($0.title.prefix(80))] })
            print(result.renderTable())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one paper: identifiers, authors, sections and row counts.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The paper's id, DOI, PMCID or PMID.") var paper: String
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() async throws {
            let database = try await store.configuration().open()
            let detail: PaperDetail?
            do {
                let repository = PaperRepository(database)
                guard let id = try await repository.find(paper) else {
                    await database.close()
                    throw ValidationError("no paper with id, DOI, PMCID or PMID '\(paper)'; see `preflexor papers list`")
                }
                detail = try await repository.detail(id: id)
            } catch { await database.close(); throw error }
            await database.close()
            guard let detail else { throw ValidationError("paper '\(paper)' disappeared while reading it") }
            if json { print(try jsonString(detail)); return }
            let s = detail.summary
            print("\(s.title)")
            print("id \(s.id) · \(s.doi.map { "doi:\($0)" } ?? s.pmcid ?? detail.key) · \(s.journal ?? "?") \(s.year.map(String.init) ?? "")")
            if !detail.authors.isEmpty { print("authors: \(detail.authors.joined(separator: ", "))") }
            if !detail.keywords.isEmpty { print("keywords: \(detail.keywords.joined(separator: "; "))") }
            if let path = detail.sourcePath { print("source: \(path)") }
            print("counts: " + detail.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            print("sections:")
            for line in detail.sections { print("  \(line)") }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a paper and everything derived from it (chunks, mentions, evidence, embeddings); report the checkpoints it taught.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The paper's id, DOI, PMCID or PMID.") var paper: String

        func run() async throws {
            let database = try await store.configuration().open()
            do {
                let repository = PaperRepository(database)
                guard let id = try await repository.find(paper) else {
                    await database.close()
                    throw ValidationError("no paper with id, DOI, PMCID or PMID '\(paper)'; see `preflexor papers list`")
                }
                // The checkpoints it taught, read before the delete (the lineage answers by key and
                // DOI afterwards too: questions and pairs keep their provenance).
                let training = TrainingRepository(database)
                let ref = try await training.paperRef(id: id)
                var touched: [CheckpointRef] = []
                if let ref { touched = try await training.checkpointsInfluenced(doi: nil, paperKey: ref.key) }
                _ = try await repository.delete(id: id)
                print("deleted paper \(id)")
                if !touched.isEmpty {
                    print("it influenced \(touched.count) checkpoint(s) (its questions and pairs keep its key and DOI; see kg.training_lineage):")
                    for c in touched { print("  checkpoint \(c.id) (run \(c.runID), step \(c.step)): \(c.path)") }
                }
            } catch { await database.close(); throw error }
            await database.close()
        }
    }
}
