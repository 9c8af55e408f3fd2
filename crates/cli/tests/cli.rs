//! The `hireloop` binary as operators use it: tenants, users, keys, audit verification,
//! exit codes, and `serve --demo` end to end.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn hireloop(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hireloop"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("HIRELOOP__LOG__LEVEL", "warn")
        .output()
        .expect("run hireloop")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn operators_manage_tenants_users_and_keys() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = hireloop(
        d,
        &["--json", "tenant", "create", "--name", "Acme Staffing"],
    );
    assert!(o.status.success(), "{o:?}");
    let t: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(t["slug"], "acme-staffing");

    let o = hireloop(
        d,
        &[
            "user",
            "add",
            "--tenant",
            "acme-staffing",
            "--email",
            "Ana@Acme.example",
            "--name",
            "Ana",
            "--role",
            "admin",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    assert!(
        stdout(&o).contains("ana@acme.example"),
        "e-mail is normalised"
    );

    let o = hireloop(
        d,
        &[
            "--json",
            "key",
            "create",
            "--tenant",
            "acme-staffing",
            "--name",
            "ci",
            "--role",
            "recruiter",
            "--user",
            "ana@acme.example",
            "--expires-in-days",
            "30",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let k: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let token = k["key"].as_str().unwrap();
    assert!(token.starts_with("hl_"));

    let o = hireloop(d, &["key", "list", "--tenant", "acme-staffing"]);
    let listed = stdout(&o);
    assert!(
        listed.contains(k["prefix"].as_str().unwrap()) && !listed.contains(token),
        "lists show prefixes, never secrets"
    );

    let o = hireloop(
        d,
        &[
            "key",
            "revoke",
            "--tenant",
            "acme-staffing",
            k["id"].as_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{o:?}");
    assert!(
        stdout(&hireloop(d, &["key", "list", "--tenant", "acme-staffing"])).contains("revoked")
    );

    let o = hireloop(d, &["audit", "verify"]);
    assert!(o.status.success(), "{o:?}");
    assert!(
        stdout(&o).contains("acme-staffing: ok (4 entries)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn invalid_input_exits_2_and_runtime_failures_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(
        hireloop(d, &["user", "list", "--tenant", "nope"])
            .status
            .code(),
        Some(2)
    );
    assert!(
        hireloop(d, &["tenant", "create", "--name", "A"])
            .status
            .success()
    );
    let bad_role = hireloop(
        d,
        &[
            "user",
            "add",
            "--tenant",
            "a",
            "--email",
            "x@y.example",
            "--name",
            "X",
            "--role",
            "boss",
        ],
    );
    assert_eq!(bad_role.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("'boss' is not a role"));
    assert_eq!(
        hireloop(d, &["tenant", "create", "--name", "A"])
            .status
            .code(),
        Some(2),
        "duplicate slug"
    );
    assert_eq!(hireloop(d, &["no-such-command"]).status.code(), Some(2));
    let unreachable = hireloop(
        d,
        &[
            "--database-url",
            "postgres://nobody@127.0.0.1:1/x",
            "tenant",
            "list",
        ],
    );
    assert_eq!(unreachable.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&unreachable.stderr).contains("opening the database"));
}

#[test]
fn audit_verify_reports_a_tampered_chain() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(
        hireloop(d, &["tenant", "create", "--name", "T"])
            .status
            .success()
    );
    assert!(
        hireloop(
            d,
            &[
                "user",
                "add",
                "--tenant",
                "t",
                "--email",
                "a@t.example",
                "--name",
                "A"
            ]
        )
        .status
        .success()
    );
    let db = d.join("hireloop.db");
    let status = Command::new("sqlite3")
        .arg(&db)
        .arg("UPDATE audit_log SET actor = 'system:someone-else' WHERE seq = 2")
        .status();
    // The sqlite3 shell plays the attacker with direct file access.
    assert!(
        status.is_ok_and(|s| s.success()),
        "the sqlite3 command is needed for this test"
    );
    let o = hireloop(d, &["audit", "verify", "--tenant", "t"]);
    assert_eq!(o.status.code(), Some(3), "{o:?}");
    assert!(
        stdout(&o).contains("t: BROKEN at entry 2: hash does not match"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn serve_demo_prints_a_working_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hireloop"))
        .args(["serve", "--demo", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env("HIRELOOP__LOG__LEVEL", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let start = Instant::now();
    let (mut addr, mut key) = (None, None);
    while (addr.is_none() || key.is_none()) && start.elapsed() < Duration::from_secs(120) {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(a) = line.strip_prefix("listening on http://") {
            addr = Some(a.to_string());
        }
        if let Some(k) = line.strip_prefix("demo api key: ") {
            key = Some(k.to_string());
        }
    }
    let (addr, key) = (
        addr.expect("prints the URL"),
        key.expect("prints the demo key"),
    );
    let body = http_get(&addr, "/v1/candidates?limit=3", &key);
    let _ = child.kill();
    let _ = child.wait();
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 3, "{body}");
    assert!(
        v["items"][0]["skills"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
}

/// A minimal HTTP/1.1 GET, so this suite needs no HTTP client crate.
fn http_get(addr: &str, path: &str, key: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    // The body may be chunked; a JSON body is the text between the first '{' and the last '}'.
    match (body.find('{'), body.rfind('}')) {
        (Some(a), Some(b)) => body[a..=b].to_string(),
        _ => body.to_string(),
    }
}

#[test]
fn match_ranks_candidates_for_a_requirement_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = hireloop(
        d,
        &[
            "demo",
            "generate",
            "--candidates",
            "300",
            "--requirements",
            "5",
            "--tenant",
            "demo",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let o = hireloop(
        d,
        &[
            "--json",
            "search",
            "status:open",
            "--type",
            "requirements",
            "--tenant",
            "demo",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let page: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = page["hits"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("an open requirement: {page}"))
        .to_owned();
    let o = hireloop(
        d,
        &[
            "--json",
            "match",
            "--requirement",
            &id,
            "--top-k",
            "5",
            "--as-of",
            "2026-12-07",
            "--tenant",
            "demo",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list["requirement_id"], id.as_str());
    let items = list["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.len() <= 5, "{list}");
    assert_eq!(items[0]["rank"], 1);
    assert_eq!(items[0]["factors"].as_array().unwrap().len(), 6);
    assert!(!items[0]["reasons"].as_array().unwrap().is_empty());
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(list["run_id"].is_string(), "the call is recorded as a run");
    // The text form names the run; the same inputs rank the same people.
    let o = hireloop(
        d,
        &[
            "match",
            "--requirement",
            &id,
            "--top-k",
            "5",
            "--as-of",
            "2026-12-07",
            "--tenant",
            "demo",
        ],
    );
    let text = stdout(&o);
    assert!(text.contains("run "), "{text}");
    let first = items[0]["candidate_id"].as_str().unwrap();
    assert!(text.lines().nth(1).unwrap().contains(first), "{text}");
    let bad = hireloop(d, &["match", "--requirement", "nope", "--tenant", "demo"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a record id"));
    let neither = hireloop(d, &["match", "--tenant", "demo"]);
    assert_eq!(neither.status.code(), Some(2));
}
