import ArgumentParser

@main
struct Preflexor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflexor",
        abstract: "Build and query a knowledge graph of scientific papers, and train models on it."
    )
}
