import ArgumentParser

/// The `preflexor` command line. Commands parse, call the same library functions the
/// service calls, and print.
@main
struct Preflexor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflexor",
        abstract: "Build and query a knowledge graph of scientific papers, and train models on it.",
        discussion: """
            Without DATABASE_URL (or --database-url), preflexor creates and runs its own private \
            PostgreSQL server under ./.preflexor (or $PREFLEXOR_HOME) and migrates it on first use.
            """,
        version: "0.1.0",
        subcommands: [DbCommand.self, SqlCommand.self, ServeCommand.self, KeysCommand.self, IngestCommand.self, DaemonCommand.self, JobsCommand.self, PapersCommand.self, GraphCommand.self, SearchCommand.self, AskCommand.self, EvalCommand.self, EmbedCommand.self, ModelsCommand.self,
            TokenizerCommand.self, ModelCommand.self, TrainGroupCommand.self, GenerateCommand.self, ExportCommand.self,
            QuestionsCommand.self, PairsCommand.self,
        ]
    )
}
