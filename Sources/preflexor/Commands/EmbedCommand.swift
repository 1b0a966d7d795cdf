import ArgumentParser
import Embedding
import Foundation
import Store

/// `preflexor embed`: vectors for chunks that have none for the current model.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Compute embeddings for every chunk that has none yet (e.g. after --no-embed or a model change).")

    @Option(name: .long, help: "Chunks embedded per database round trip.") var batch = 512
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let configuration = try store.configuration()
        let encoder = try loadEncoder(home: configuration.home)
        let database = try await configuration.open()
        do {
            let repository = EmbeddingRepository(database)
            let (total, done) = try await repository.coverage(model: encoder.modelName)
            let bar = ProgressBar(label: "embed")
            var embedded = 0
            let start = Date()
            while true {
                let todo = try await repository.chunksMissingEmbeddings(model: encoder.modelName, limit: batch)
                if todo.isEmpty { break }
                let vectors = encoder.embed(todo.map(\.text)).flatMap { $0 }
                try await repository.writeChunks(ids: todo.map(\.id), flat: vectors, dimension: encoder.dimension, model: encoder.modelName)
                embedded += todo.count
                bar.update(done: embedded, total: total - done, elapsed: Date().timeIntervalSince(start), line: nil)
            }
            printError("\(embedded) chunks embedded with \(encoder.modelName); \(total) chunks in all")
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}
