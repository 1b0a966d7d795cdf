import Testing
@testable import Store

@Suite struct SQLScriptTests {
    @Test func splitsOnSemicolonsOutsideQuotesAndComments() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (x text DEFAULT 'semi;colon');
            /* block; /* nested; */ still comment */
            INSERT INTO a VALUES ('it''s; fine'), (E'back\\'slash;');
            CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
            CREATE FUNCTION g() RETURNS int AS $body$ BEGIN RETURN 2; END $body$ LANGUAGE plpgsql;
            SELECT "odd;name" FROM a
            """
        let statements = SQLScript.split(script)
        #expect(statements.count == 5)
        #expect(statements[0].sql.hasSuffix("DEFAULT 'semi;colon')"))
        #expect(statements[0].line == 2)
        #expect(statements[1].sql.contains("'it''s; fine'"))
        #expect(statements[1].sql.contains("E'back\\'slash;'"))
        #expect(statements[2].sql.contains("$$ SELECT 1; $$"))
        #expect(statements[3].sql.contains("BEGIN RETURN 2; END"))
        #expect(statements[4].sql == "SELECT \"odd;name\" FROM a")
        #expect(statements[4].line == 7)
    }

    @Test func parametersAreNotDollarQuotes() {
        let statements = SQLScript.split("SELECT $1, $2; SELECT 2")
        #expect(statements.map(\.sql) == ["SELECT $1, $2", "SELECT 2"])
    }

    @Test func commentOnlyTailIsDropped() {
        #expect(SQLScript.split("SELECT 1;\n-- trailing comment\n").map(\.sql) == ["SELECT 1"])
        #expect(SQLScript.split("  \n").isEmpty)
    }

    @Test func projectMigrationsSplitIntoStatements() throws {
        let migrations = try Migration.load(from: Migration.defaultDirectory())
        #expect(migrations.first?.version == 1)
        for migration in migrations {
            let statements = SQLScript.split(migration.sql)
            #expect(!statements.isEmpty, "\(migration.name) has no statements")
            #expect(statements.allSatisfy { !$0.sql.hasSuffix(";") })
        }
    }
}

@Suite struct DatabaseURLTests {
    @Test func parsesFullURL() throws {
        let url = try DatabaseURL(parsing: "postgres://alice:s%40cret@db.example:6543/kg?sslmode=require")
        #expect(url.host == "db.example")
        #expect(url.port == 6543)
        #expect(url.username == "alice")
        #expect(url.password == "s@cret")
        #expect(url.database == "kg")
        #expect(url.tls == .require)
        #expect(!url.description.contains("cret"), "the password must not appear in descriptions")
    }

    @Test func defaultsPortDatabaseAndTLS() throws {
        let url = try DatabaseURL(parsing: "postgresql://bob@localhost")
        #expect(url.port == 5432)
        #expect(url.database == "bob")
        #expect(url.tls == .prefer)
    }

    @Test(arguments: ["mysql://a@b/c", "postgres:///db", "postgres://host/db", "postgres://a@h/d?sslmode=bogus"])
    func rejectsBadURLs(_ text: String) {
        #expect(throws: StoreError.self) { try DatabaseURL(parsing: text) }
    }
}
