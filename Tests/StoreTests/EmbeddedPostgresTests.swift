import Foundation
import PostgresNIO
import PreflexorTesting
import Testing
@testable import Store

/// The embedded default: a private cluster in its own home, separate from the shared test server.
@Suite(.serialized) struct EmbeddedPostgresTests {
    @Test func startTwiceStopRestartAndDataSurvives() async throws {
        let home = Fixtures.repositoryRoot.appendingPathComponent(".preflexor/test-embedded-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: home) }
        let server = EmbeddedPostgres(home: home, options: .init(durable: false))
        #expect(try server.status() == .notInitialized)

        let first = try server.start()
        let second = try server.start()  // harmless: same instance, still running
        #expect(first == second)
        #expect(try server.status() == .running(port: first.port))

        let configuration = StoreConfiguration(home: home, embedded: .init(durable: false))
        var database = try await configuration.open()
        try await database.client.query(
            "INSERT INTO papers (paper_key, title, content_sha256) VALUES ('doi:10.5555/x', 'Survivor', 'abc')"
        ).collect()
        await database.close()

        try server.stop()
        #expect(try server.status() == .stopped(port: first.port))
        try server.stop()  // harmless when stopped

        // Any command restarts it: open() starts the server on demand.
        database = try await configuration.open()
        let title = try await database.client.query("SELECT title FROM papers WHERE paper_key = 'doi:10.5555/x'").decodeOne(String.self)
        #expect(title == "Survivor")
        await database.close()

        // The reader role logs in and reads, and cannot write.
        let reader = try await ReadOnlyQuery.run("select count(*) as n from papers", configuration: configuration)
        #expect(reader.rows == [["1"]])
        try server.stop()
    }

    @Test func concurrentStartsShareOneServer() async throws {
        let home = Fixtures.repositoryRoot.appendingPathComponent(".preflexor/test-embedded-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: home) }
        let server = EmbeddedPostgres(home: home, options: .init(durable: false))
        let instances = try await withThrowingTaskGroup(of: EmbeddedInstance.self) { group in
            for _ in 0..<3 { group.addTask { try server.start() } }
            return try await group.reduce(into: [EmbeddedInstance]()) { $0.append($1) }
        }
        #expect(Set(instances.map(\.port)).count == 1)
        #expect(Set(instances.map(\.ownerPassword)).count == 1)
        try server.stop()
    }
}
