import Foundation
import PostgresNIO
import PreflexorTesting
import StoreTesting
import Testing
@testable import Store

@Suite struct ReadOnlyQueryTests {
    @Test func selectCountWorks() async throws {
        try await TestDatabase.with { configuration in
            let result = try await ReadOnlyQuery.run("select count(*) from papers", configuration: configuration)
            #expect(result.columns == ["count"])
            #expect(result.rows == [["0"]])
        }
    }

    @Test(arguments: [
        "delete from papers",
        "DELETE FROM papers;",
        "  /* hidden */ update papers set title = 'x'",
        "insert into papers (paper_key, title, content_sha256) values ('a','b','c')",
        "drop table papers",
        "create table evil (x int)",
        "copy papers from '/etc/passwd'",
        "truncate papers",
    ])
    func writesAreRefusedWithAClearMessage(_ sql: String) async throws {
        try await TestDatabase.with { configuration in
            await #expect {
                try await ReadOnlyQuery.run(sql, configuration: configuration)
            } throws: { error in
                guard let error = error as? StoreError else { return false }
                return error.code == .readOnlyViolation && error.message.contains("read-only")
            }
        }
    }

    @Test(arguments: [
        "with gone as (delete from papers returning id) select count(*) from gone",
        "select 1; delete from papers",
        "select pg_catalog.set_config('transaction_read_only', 'off', true), (select count(*) from papers)",
    ])
    func disguisedWritesAreRefused(_ sql: String) async throws {
        try await TestDatabase.with { configuration in
            let database = try await configuration.open(migrate: false)
            try await database.client.query(
                "INSERT INTO papers (paper_key, title, content_sha256) VALUES ('doi:10.5555/keep', 'Keep me', 'abc')"
            ).collect()
            await #expect(throws: StoreError.self) {
                try await ReadOnlyQuery.run(sql, configuration: configuration)
            }
            let count = try await database.client.query("SELECT count(*)::int FROM papers").decodeOne(Int.self)
            #expect(count == 1, "nothing was deleted")
            await database.close()
        }
    }

    @Test func keepsColumnOrderDuplicatesNullsAndRowOrder() async throws {
        try await TestDatabase.with { configuration in
            let result = try await ReadOnlyQuery.run(
                "select x as b, x * 2 as a, null::text as n, 'q\"uote' as b from generate_series(3, 1, -1) x order by x desc",
                configuration: configuration)
            #expect(result.columns == ["b", "a", "n", "b"])
            #expect(result.rows.map { $0[0] } == ["3", "2", "1"])
            #expect(result.rows[0] == ["3", "6", nil, "q\"uote"])
            #expect(result.uniqueColumns == ["b", "a", "n", "b_2"])
        }
    }

    @Test func emptyResultStillNamesColumns() async throws {
        try await TestDatabase.with { configuration in
            let result = try await ReadOnlyQuery.run("select title, doi from papers where false", configuration: configuration)
            #expect(result.columns == ["title", "doi"])
            #expect(result.rows.isEmpty)
        }
    }

    @Test func timeoutIsReported() async throws {
        try await TestDatabase.with { configuration in
            await #expect {
                try await ReadOnlyQuery.run("select pg_sleep(5)", configuration: configuration, options: .init(timeout: .milliseconds(200)))
            } throws: { error in
                (error as? StoreError)?.code == .timeout
            }
        }
    }

    @Test func explainIsAllowed() async throws {
        try await TestDatabase.with { configuration in
            let result = try await ReadOnlyQuery.run("explain select * from papers", configuration: configuration)
            #expect(result.columns == ["QUERY PLAN"])
            #expect(!result.rows.isEmpty)
        }
    }

    @Test func rendersTableJSONAndCSV() {
        let result = QueryResult(columns: ["id", "title"], rows: [["1", "Silk, spun"], ["2", nil]])
        #expect(result.renderTable() == """
             id | title
            ----+------------
             1  | Silk, spun
             2  |
            (2 rows)
            """)
        #expect(result.renderJSON() == "[{\"id\":\"1\",\"title\":\"Silk, spun\"},\n {\"id\":\"2\",\"title\":null}]")
        #expect(result.renderCSV() == "id,title\r\n1,\"Silk, spun\"\r\n2,\r\n")
    }

    /// Issue 14: `sql --json` printed a real[] as the string "[1,2.5]"; arrays, json values and
    /// rows now come back as JSON arrays and objects (text and numbers stay strings).
    @Test func arraysAndJSONStayJSON() async throws {
        try await TestDatabase.with { configuration in
            let result = try await ReadOnlyQuery.run(
                #"select array[1, 2.5]::real[] as v, '{"a": [1, {"b": null}]}'::jsonb as j, 'x' as t, null::int[] as n, row(1, 'y') as r"#,
                configuration: configuration)
            #expect(result.rows == [["[1,2.5]", #"{"a": [1, {"b": null}]}"#, "x", nil, #"{"f1":1,"f2":"y"}"#]])
            #expect(result.renderJSON() == #"[{"v":[1,2.5],"j":{"a": [1, {"b": null}]},"t":"x","n":null,"r":{"f1":1,"f2":"y"}}]"#)
            let plain = try await ReadOnlyQuery.run("select 1 as one", configuration: configuration)
            #expect(plain.structured.isEmpty)
        }
    }
}
