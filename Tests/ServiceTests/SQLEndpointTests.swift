import Foundation
import Testing

/// `POST /v1/sql` runs one read as preflexor_reader, read-only, with a statement timeout
/// (2 s on the test server) and a row cap; everything else is refused or cut off.
@Suite struct SQLEndpointTests {
    @Test(.timeLimit(.minutes(40)))
    func readsAndRefusals() async throws {
        try await LiveServer.with { server in
            let reader = try await server.key(.reader)
            func sql(_ query: String, _ extra: [String: Any] = [:]) async throws -> LiveServer.Reply {
                var body = extra
                body["query"] = query
                return try await server.post("/v1/sql", key: reader, json: body)
            }
            let ok = try await sql("select 1 as one, 'a' as letter union all select 2, null")
            #expect(ok.status == 200)
            let object = try ok.json()
            #expect(object["columns"] as? [String] == ["one", "letter"])
            let rows = try #require(object["rows"] as? [[String: Any]])
            #expect(rows.count == 2)
            #expect(rows[0]["one"] as? String == "1")
            #expect(rows[1]["letter"] is NSNull)

            // Arrays and json values are JSON, as in `preflexor sql --json`.
            let arrays = try await sql(#"select array[1.5, 2]::real[] as v, '{"k": "v"}'::json as j"#)
            let arrayRow = try #require((try arrays.json()["rows"] as? [[String: Any]])?.first)
            #expect(arrayRow["v"] as? [Double] == [1.5, 2])
            #expect((arrayRow["j"] as? [String: String]) == ["k": "v"])

            let capped = try await sql("select generate_series(1, 50)", ["max_rows": 10])
            #expect(capped.status == 200)
            #expect((try capped.json()["rows"] as? [Any])?.count == 10)
            #expect(try capped.json()["truncated"] as? Bool == true)

            for refused in ["DELETE FROM papers", "UPDATE papers SET title = 'x'", "COPY (select 1) TO PROGRAM 'touch /tmp/pwned'",
                            "SET ROLE preflexor_owner", "select * from api_keys", "select secret_sha256 from public.api_keys",
                            "with d as (delete from papers returning id) select * from d"] {
                let reply = try await sql(refused)
                #expect(reply.status == 403, "\(refused): \(reply.status) \(reply.text)")
                #expect(reply.errorCode == "sql_refused", "\(refused): \(reply.text)")
            }
            let two = try await sql("select 1; select 2")
            #expect(two.status == 400, "\(two.text)")
            #expect(two.errorCode == "sql_error")
            #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))

            let clock = ContinuousClock()
            let start = clock.now
            let sleep = try await sql("select pg_sleep(60)")
            #expect(sleep.status == 408, "\(sleep.text)")
            #expect(sleep.errorCode == "sql_timeout")
            let cross = try await sql("select count(*) from generate_series(1, 1000000) a, generate_series(1, 1000000) b")
            #expect(cross.status == 408, "\(cross.text)")
            #expect(clock.now - start < .seconds(30))

            // The server is still fine afterwards.
            #expect(try await sql("select count(*) from papers").status == 200)
        }
    }
}
