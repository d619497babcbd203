//! The SQL the collector sends is T-SQL that only reads: every statement is a SELECT (no SELECT INTO,
//! no data change, no EXEC, no DDL, no OPENROWSET to another server) from the few catalog and BAM
//! objects the environment sheet documents; and bts-collect.sql, which a DBA runs by hand, holds
//! exactly the statements the script sends.

mod common;

use sqlparser::ast::{SetExpr, Statement, TableFactor};
use sqlparser::dialect::MsSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

/// The only objects the queries read: catalog views any login sees, BAM's activity table, and
/// SQL Server Agent's job view.
const READABLE_OBJECTS: &[&str] =
    &["sys.databases", "dbo.bam_Metadata_RealTimeAggregations", "dbo.bam_Metadata_Activities", "dbo.sysjobs_view"];

/// Words that write, run code, change the session or reach another server.
const FORBIDDEN_WORDS: &[&str] = &[
    "INTO",
    "INSERT",
    "UPDATE",
    "DELETE",
    "MERGE",
    "EXEC",
    "EXECUTE",
    "DROP",
    "ALTER",
    "CREATE",
    "TRUNCATE",
    "GRANT",
    "REVOKE",
    "DENY",
    "BACKUP",
    "RESTORE",
    "DBCC",
    "SHUTDOWN",
    "KILL",
    "DECLARE",
    "SET",
    "USE",
    "WAITFOR",
    "RECONFIGURE",
    "OPENROWSET",
    "OPENQUERY",
    "OPENDATASOURCE",
    "OPENXML",
];

/// Every way `sql` is not a read-only SELECT of the readable objects (empty: it is).
fn select_only_problems(sql: &str) -> Vec<String> {
    let dialect = MsSqlDialect {};
    let mut problems = Vec::new();
    match Tokenizer::new(&dialect, sql).tokenize() {
        Ok(tokens) => {
            for token in tokens {
                if let Token::Word(word) = token
                    && word.quote_style.is_none()
                    && FORBIDDEN_WORDS.iter().any(|f| f.eq_ignore_ascii_case(&word.value))
                {
                    problems.push(format!("the word {} is not allowed", word.value.to_uppercase()));
                }
            }
        }
        Err(error) => problems.push(format!("does not tokenize: {error}")),
    }
    let statements = match Parser::parse_sql(&dialect, sql) {
        Ok(statements) => statements,
        Err(error) => {
            problems.push(format!("does not parse as T-SQL: {error}"));
            return problems;
        }
    };
    if statements.is_empty() {
        problems.push("no statement".to_string());
    }
    for statement in &statements {
        let Statement::Query(query) = statement else {
            problems.push(format!("not a query: {statement}"));
            continue;
        };
        if query.with.is_some() {
            problems.push("a WITH clause".to_string());
        }
        let SetExpr::Select(select) = query.body.as_ref() else {
            problems.push(format!("not a plain SELECT: {}", query.body));
            continue;
        };
        if select.into.is_some() {
            problems.push("SELECT INTO creates a table".to_string());
        }
        for from in &select.from {
            let relations = std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation));
            for relation in relations {
                match relation {
                    TableFactor::Table { name, args: None, .. } => {
                        let name = name.to_string();
                        if !READABLE_OBJECTS.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
                            problems.push(format!("reads {name}, which is not on the list of readable objects"));
                        }
                    }
                    other => problems.push(format!("reads from {other}, not from a named catalog view or table")),
                }
            }
        }
    }
    problems
}

/// bts-collect.sql cut at its `-- query: NAME` markers: each name with the SQL after it (comments
/// included: the parser skips them).
fn sql_file_queries() -> Vec<(String, String)> {
    let mut queries: Vec<(String, String)> = Vec::new();
    for line in bts_collector::SQL.lines() {
        if let Some(name) = line.strip_prefix("-- query: ") {
            queries.push((name.trim().to_string(), String::new()));
        } else if let Some((_, body)) = queries.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    queries
}

fn normalised(sql: &str) -> Vec<String> {
    Parser::parse_sql(&MsSqlDialect {}, sql)
        .unwrap_or_else(|e| panic!("does not parse: {e}\n{sql}"))
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn the_sql_file_parses_as_t_sql_and_every_statement_is_a_select() {
    let problems = select_only_problems(bts_collector::SQL);
    assert!(problems.is_empty(), "bts-collect.sql:\n{}", problems.join("\n"));
    assert_eq!(normalised(bts_collector::SQL).len(), 5, "five queries: server properties, databases, RTA views, activities, alert jobs");
}

#[test]
fn every_query_the_script_sends_is_a_select() {
    let queries = common::parse(bts_collector::SCRIPT).sql_queries();
    assert!(!queries.is_empty(), "the script's $SqlQueries table was not found");
    for (name, sql) in &queries {
        let problems = select_only_problems(sql);
        assert!(problems.is_empty(), "query {name} in bts-collect.ps1:\n{}", problems.join("\n"));
    }
}

#[test]
fn the_sql_file_holds_exactly_the_statements_the_script_sends_in_the_same_order() {
    let script: Vec<(String, Vec<String>)> =
        common::parse(bts_collector::SCRIPT).sql_queries().into_iter().map(|(name, sql)| (name, normalised(&sql))).collect();
    let file: Vec<(String, Vec<String>)> = sql_file_queries().into_iter().map(|(name, sql)| (name, normalised(&sql))).collect();
    let names = |q: &[(String, Vec<String>)]| q.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&script), names(&file), "the query names differ between bts-collect.ps1 and bts-collect.sql");
    for ((name, in_script), (_, in_file)) in script.iter().zip(&file) {
        assert_eq!(in_script.len(), 1, "query {name} in the script must be one statement");
        assert_eq!(in_script, in_file, "query {name} differs between bts-collect.ps1 and bts-collect.sql");
    }
}

#[test]
fn the_sql_file_says_where_each_query_runs_what_it_returns_and_how_to_hand_it_back() {
    for (name, body) in sql_file_queries() {
        assert!(body.contains("Runs in:"), "query {name} does not say which database it runs in");
        assert!(body.contains("Returns"), "query {name} does not say what it returns");
        assert!(body.contains("Rights:"), "query {name} does not say which rights it needs");
    }
    let head = bts_collector::SQL.split("-- query: ").next().unwrap_or_default();
    for needed in ["\"sql\":", "\"bam\":", "\"errors\"", "SkipSql", "sqlcmd"] {
        assert!(head.contains(needed), "the file's opening comment does not explain {needed}");
    }
}

#[test]
fn the_script_sends_sql_only_from_its_query_table() {
    let script = common::parse(bts_collector::SCRIPT);
    let names: Vec<String> = script.sql_queries().into_iter().map(|(n, _)| n).collect();
    let command_texts: Vec<_> = script.member_assignments().into_iter().filter(|(m, _, _)| m == "CommandText").collect();
    assert_eq!(command_texts.len(), 1, "one place sets a command's text: {command_texts:?}");
    assert_eq!(command_texts[0].1, "$Query", "the command text is the query handed to Get-BtsSqlRows");
    let mut used = Vec::new();
    // Get-BtsSqlFirstRow hands its query to Get-BtsSqlRows: that one call passes `$Query` on.
    let mut passed_on = 0;
    for call in script.commands().into_iter().filter(|c| c.name == "Get-BtsSqlRows" || c.name == "Get-BtsSqlFirstRow") {
        let query = call.args.iter().skip_while(|a| *a != "-Query").nth(1).unwrap_or_else(|| panic!("line {}: no -Query", call.line));
        if call.name == "Get-BtsSqlRows" && query == "$Query" {
            passed_on += 1;
            continue;
        }
        let name =
            query.strip_prefix("$SqlQueries.").unwrap_or_else(|| panic!("line {}: -Query {query} is not from $SqlQueries", call.line));
        assert!(names.iter().any(|n| n == name), "line {}: $SqlQueries has no {name}", call.line);
        used.push(name.to_string());
    }
    assert_eq!(passed_on, 1, "only Get-BtsSqlFirstRow passes a query it was given on to Get-BtsSqlRows");
    for name in &names {
        assert!(used.contains(name), "query {name} is in the table but never sent");
    }
    assert_eq!(script.method_calls().iter().filter(|c| c.name == "ExecuteReader").count(), 1, "one place runs SQL, with a data reader");
}

#[test]
fn the_check_refuses_sql_that_writes_runs_code_or_reaches_elsewhere() {
    for (sql, expected) in [
        ("SELECT name INTO dbo.copy FROM sys.databases;", "INTO"),
        ("UPDATE dbo.bam_Metadata_Activities SET ActivityName = 'x';", "UPDATE"),
        ("DELETE FROM dbo.sysjobs_view;", "DELETE"),
        ("EXEC dbo.adm_CleanupMgmtDB;", "EXEC"),
        ("DROP TABLE dbo.bam_Metadata_Activities;", "DROP"),
        ("SELECT * FROM OPENROWSET('SQLNCLI', 'Server=elsewhere;Trusted_Connection=yes;', 'SELECT 1') AS r;", "OPENROWSET"),
        ("SELECT name FROM dbo.adm_Server;", "not on the list of readable objects"),
        ("SELECT name FROM OTHERSERVER.master.sys.databases;", "not on the list of readable objects"),
        ("WITH x AS (SELECT 1 AS a) SELECT a FROM x;", "WITH clause"),
        ("SELECT name FROM sys.databases WHERE", "does not parse"),
    ] {
        let problems = select_only_problems(sql);
        assert!(problems.iter().any(|p| p.contains(expected)), "{sql:?} was not refused for {expected:?}: {problems:?}");
    }
}
