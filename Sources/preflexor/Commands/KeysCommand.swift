import ArgumentParser
import Foundation
import Store

extension APIKey.Role: ExpressibleByArgument {}

/// `preflexor keys create|list|revoke`: API keys of `preflexor serve`.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list or revoke the API keys of `preflexor serve`.",
        discussion: """
            Roles: reader (search, ask, sql, entities, paths, evidence, chat completions, models), writer \
            (+ paper upload and delete, jobs), admin (+ keys). Only the SHA-256 of a key's secret is stored: \
            the key is printed once, at creation.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print it (the only time it is shown).")
        @Option(name: .long, help: "What the key may do.") var role: APIKey.Role
        @Option(name: .long, help: "A label for the key, e.g. who holds it.") var name = ""
        @Flag(name: .long, help: "Print JSON (the key record and the token).") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let (key, token) = try await withKeys(store) { try await $0.create(role: role, name: name) }
            if json {
                struct Out: Encodable { var key: APIKey; var token: String }
                print(try jsonString(Out(key: key, token: token.text)))
                return
            }
            print(token.text)
            printError("key \(key.id) (\(key.role.rawValue)\(key.name.isEmpty ? "" : ", \(key.name)")) created; it is not shown again")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets), revoked ones included.")
        @Flag(name: .long, help: "Print JSON.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let keys = try await withKeys(store) { try await $0.list() }
            if json { print(try jsonString(keys)); return }
            let iso = ISO8601DateFormatter()
            print(QueryResult(
                columns: ["id", "role", "name", "created", "last used", "revoked"],
                rows: keys.map { ["\($0.id)", $0.role.rawValue, $0.name, iso.string(from: $0.createdAt),
                                  $0.lastUsedAt.map(iso.string(from:)), $0.revokedAt.map(iso.string(from:))] }).renderTable())
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; requests with it are refused from then on.")
        @Argument(help: "The key's id (see `preflexor keys list`).") var id: Int64
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let key = try await withKeys(store) { try await $0.revoke(id: id) }
            printError("key \(key.id) revoked")
        }
    }
}

/// Opens the database, runs `body` on its key repository and closes it; not-found becomes a
/// validation error (a message, exit status 64).
func withKeys<T>(_ store: StoreOptions, _ body: (APIKeyRepository) async throws -> T) async throws -> T {
    let database = try await store.configuration().open()
    do {
        let result = try await body(APIKeyRepository(database))
        await database.close()
        return result
    } catch let error as StoreError where error.code == .notFound {
        await database.close()
        throw ValidationError(error.message)
    } catch {
        await database.close()
        throw error
    }
}
