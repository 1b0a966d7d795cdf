import ArgumentParser
import Store

/// `preflexor sql`: read-only SQL for domain experts.
struct SqlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run a read-only SQL query against the knowledge graph and print the rows.",
        discussion: """
            The query runs as the preflexor_reader role in a read-only transaction with a statement \
            timeout: SELECT, WITH … SELECT, VALUES, TABLE and EXPLAIN are allowed; anything that would \
            change data is refused. The kg schema holds views and functions for the graph (docs/sql.md).
            """)

    @Argument(help: "The SQL query, e.g. \"select title, doi from papers limit 5\".")
    var query: String

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Print JSON (same as --format json).")
    var json = false

    @Flag(name: .long, help: "Print CSV (same as --format csv).")
    var csv = false

    @Option(name: .long, help: "Statement timeout in seconds.")
    var timeout: Int = 30

    @Option(name: .long, help: "Fetch at most this many rows.")
    var maxRows: Int = 10_000

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if json && csv { throw ValidationError("give either --json or --csv, not both") }
        if timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
        if maxRows <= 0 { throw ValidationError("--max-rows must be positive") }
    }

    func run() async throws {
        let configuration = try store.configuration()
        // Migrate first so a fresh home answers with an empty schema rather than an error.
        let owner = try await configuration.open()
        await owner.close()
        let result = try await ReadOnlyQuery.run(
            query, configuration: configuration,
            options: .init(timeout: .seconds(timeout), maxRows: maxRows))
        let chosen: OutputFormat = json ? .json : csv ? .csv : format
        switch chosen {
        case .table: print(result.renderTable())
        case .json: print(result.renderJSON())
        case .csv: print(result.renderCSV(), terminator: "")
        }
    }
}
