import ArgumentParser
import Foundation
import Store

/// Where the data lives; shared by every command that touches the database.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "PostgreSQL server to use instead of the private embedded one.",
        discussion: "Default: $DATABASE_URL; when neither is set, preflexor starts its own server.",
        valueName: "postgres://user:password@host:5432/db"))
    var databaseURL: String?

    @Option(name: .long, help: ArgumentHelp(
        "Folder for the embedded server, models and checkpoints.",
        discussion: "Default: $PREFLEXOR_HOME, else ./.preflexor.", valueName: "dir"))
    var home: String?

    /// The resolved configuration (command line, then environment, then defaults).
    func configuration() throws -> StoreConfiguration {
        try StoreConfiguration.resolve(databaseURL: databaseURL, home: home)
    }
}

/// How a command prints a result meant for people or for scripts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Writes to standard error (progress, notices), keeping standard output for results.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// JSON for `--json` output: sorted keys, ISO dates.
func jsonString<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
