import SoukStore
import Testing

struct SQLSplitterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let sql: String
        let statements: [String]

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "plain statements", sql: "SELECT 1; SELECT 2;", statements: ["SELECT 1", "SELECT 2"]),
        Case(
            name: "last statement without semicolon",
            sql: "SELECT 1;\n  SELECT 2  \n",
            statements: ["SELECT 1", "SELECT 2"]
        ),
        Case(name: "empty input", sql: "", statements: []),
        Case(name: "only semicolons and blanks", sql: " ;;\n ; ", statements: []),
        Case(
            name: "semicolon in a string",
            sql: "INSERT INTO t VALUES ('a;b'); SELECT 2",
            statements: ["INSERT INTO t VALUES ('a;b')", "SELECT 2"]
        ),
        Case(
            name: "doubled quote in a string",
            sql: "SELECT 'it''s; fine'; SELECT 2",
            statements: ["SELECT 'it''s; fine'", "SELECT 2"]
        ),
        Case(
            name: "backslash is literal in a standard string",
            sql: #"SELECT 'C:\'; SELECT 2"#,
            statements: [#"SELECT 'C:\'"#, "SELECT 2"]
        ),
        Case(
            name: "backslash escapes in an E string",
            sql: #"SELECT E'it\'s; fine', e'\\'; SELECT 2"#,
            statements: [#"SELECT E'it\'s; fine', e'\\'"#, "SELECT 2"]
        ),
        Case(
            name: "identifier ending in e is not an E string",
            sql: #"SELECT name'a\'; SELECT 2"#,
            statements: [#"SELECT name'a\'"#, "SELECT 2"]
        ),
        Case(
            name: "quoted identifier",
            sql: #"CREATE TABLE "a;""b" (x int); SELECT 2"#,
            statements: [#"CREATE TABLE "a;""b" (x int)"#, "SELECT 2"]
        ),
        Case(
            name: "dollar-quoted body",
            sql: "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql; SELECT 2",
            statements: ["CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql", "SELECT 2"]
        ),
        Case(
            name: "tagged dollar body holding $$ and quotes",
            sql: "DO $body$ BEGIN PERFORM $$;$$; RAISE NOTICE 'x;'; END $body$; SELECT 2",
            statements: ["DO $body$ BEGIN PERFORM $$;$$; RAISE NOTICE 'x;'; END $body$", "SELECT 2"]
        ),
        Case(
            name: "positional parameter is not a dollar quote",
            sql: "PREPARE p AS SELECT $1; SELECT 2",
            statements: ["PREPARE p AS SELECT $1", "SELECT 2"]
        ),
        Case(
            name: "dollar inside an identifier is not a dollar quote",
            sql: "SELECT a$b$; SELECT 2",
            statements: ["SELECT a$b$", "SELECT 2"]
        ),
        Case(
            name: "line comments",
            sql: "-- header; not a statement\nSELECT 1; -- trailing; comment\n-- only a comment;\n",
            statements: ["SELECT 1"]
        ),
        Case(
            name: "comment inside a statement is kept",
            sql: "SELECT 1 -- one; really\n + 2;",
            statements: ["SELECT 1 -- one; really\n + 2"]
        ),
        Case(
            name: "nested block comments",
            sql: "/* outer /* inner; */ still comment; */ SELECT 1; /* tail */",
            statements: ["SELECT 1"]
        ),
        Case(
            name: "comment markers inside strings",
            sql: "SELECT '--;', '/*;'; SELECT 2",
            statements: ["SELECT '--;', '/*;'", "SELECT 2"]
        ),
        Case(
            name: "quotes inside comments",
            sql: "-- don't\nSELECT 1; /* it's */ SELECT 2",
            statements: ["SELECT 1", "SELECT 2"]
        ),
        Case(
            name: "non-ASCII text",
            sql: "INSERT INTO t VALUES ('héllo; wörld'); SELECT 'ü'",
            statements: ["INSERT INTO t VALUES ('héllo; wörld')", "SELECT 'ü'"]
        ),
        Case(
            name: "CRLF line endings",
            sql: "SELECT 1;\r\n-- note\r\nSELECT 2;\r\n",
            statements: ["SELECT 1", "SELECT 2"]
        ),
    ]

    @Test(arguments: cases)
    func splits(_ example: Case) {
        #expect(SQLSplitter.split(example.sql) == example.statements)
    }
}
