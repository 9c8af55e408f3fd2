//! The search service on both engines: it follows the change log, keeps tenants apart,
//! resumes after a restart and rebuilds on demand.

use std::sync::Arc;

use hireloop_domain::entities::{Candidate, Company, Requirement, Tenant, TenantSlug};
use hireloop_search::Mode;
use hireloop_store::testing::TestDb;
use hireloop_store::{Actor, Backend, Scope};
use serde_json::{Value, json};

use super::*;
use crate::records::Records;

use hireloop_store::on_both_engines;

on_both_engines!(
    writes_are_found_by_the_next_search,
    tenants_never_mix,
    a_restart_resumes_from_the_last_sequence_applied,
    reindex_rebuilds_from_the_store,
    bad_queries_filters_and_cursors_are_query_errors,
    filters_and_pages,
    requirements_are_searched_with_their_company,
    postgres_changes_count_as_applied_once_settled,
    a_new_model_rebuilds_beside_the_live_index,
    a_rebuild_cut_off_is_swept_on_open,
);

struct Ctx {
    db: TestDb,
    records: Records,
    dir: tempfile::TempDir,
}

impl Ctx {
    async fn new(db: TestDb) -> Self {
        Self {
            records: Records::new(db.store.clone()),
            db,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A service that takes every change as settled at once (see
    /// `postgres_changes_count_as_applied_once_settled` for the window itself).
    fn search(&self) -> Search {
        self.search_settling(Duration::ZERO)
    }

    fn search_settling(&self, settle: Duration) -> Search {
        Search::new(
            self.db.store.clone(),
            self.dir.path().to_path_buf(),
            Embedders::default(),
            Some(Arc::new(places())),
        )
        .with_settle(settle)
    }

    async fn tenant(&self, slug: &str) -> Scope {
        let t = Tenant::new(slug, TenantSlug::parse(slug).unwrap()).unwrap();
        self.db.store.create_tenant(&t).await.unwrap();
        Scope::new(t.id, Actor::User("recruiter".into()))
    }

    async fn candidate(&self, scope: &Scope, body: Value) -> Uuid {
        self.records
            .create::<Candidate>(scope, body)
            .await
            .unwrap()
            .id
    }
}

/// A gazetteer that knows Dallas and Austin.
fn places() -> Gazetteer {
    let cities = json!({
        "4684888": {"geonameid": 4684888, "name": "Dallas", "latitude": 32.78306, "longitude": -96.80667,
            "countrycode": "US", "population": 1300092, "timezone": "America/Chicago",
            "admin1code": "TX", "alternatenames": []},
        "4671654": {"geonameid": 4671654, "name": "Austin", "latitude": 30.26715, "longitude": -97.74306,
            "countrycode": "US", "population": 931830, "timezone": "America/Chicago",
            "admin1code": "TX", "alternatenames": []}});
    let countries = json!({"US": {"population": 327167434}});
    Gazetteer::from_readers(
        cities.to_string().as_bytes(),
        countries.to_string().as_bytes(),
    )
    .unwrap()
}

async fn ids(s: &Search, scope: &Scope, q: &str) -> Vec<Uuid> {
    let mut req = SearchRequest::new(Kind::Candidates, q);
    req.mode = Mode::Keyword;
    s.search(scope, &req)
        .await
        .unwrap()
        .found
        .iter()
        .map(|f| f.id)
        .collect()
}

fn kind_dir(c: &Ctx, scope: &Scope) -> PathBuf {
    c.dir
        .path()
        .join(scope.tenant.as_uuid().to_string())
        .join("candidates")
}

fn current(kind_dir: &std::path::Path) -> String {
    std::fs::read_to_string(kind_dir.join("CURRENT"))
        .unwrap()
        .trim()
        .to_string()
}

/// A first name for the `i`th of many people (names have no digits).
fn name(i: usize) -> String {
    let a = (b'a' + (i % 26) as u8) as char;
    let b = (b'a' + (i / 26 % 26) as u8) as char;
    format!("P{b}{a}")
}

fn person(first: &str, skills: &[&str]) -> Value {
    json!({"first_name": first, "last_name": "Tester",
           "skills": skills.iter().map(|s| json!({"name": s})).collect::<Vec<_>>()})
}

async fn writes_are_found_by_the_next_search(db: TestDb) {
    let c = Ctx::new(db).await;
    let scope = c.tenant("acme").await;
    let s = c.search();
    let ada = c.candidate(&scope, person("Ada", &["Kubernetes"])).await;
    assert_eq!(ids(&s, &scope, "kubernetes").await, [ada]);
    // Created after the first search built the index: found through the change log.
    let bob = c
        .candidate(&scope, person("Bob", &["Kubernetes", "Go"]))
        .await;
    let mut both = ids(&s, &scope, "kubernetes").await;
    both.sort();
    let mut want = vec![ada, bob];
    want.sort();
    assert_eq!(both, want);
    // Changed: the old skill is gone, the new one found.
    c.records
        .patch::<Candidate>(
            &scope,
            ada,
            &json!({"skills": [{"name": "Terraform"}]}),
            None,
        )
        .await
        .unwrap();
    assert_eq!(ids(&s, &scope, "kubernetes").await, [bob]);
    assert_eq!(ids(&s, &scope, "terraform").await, [ada]);
    // Deleted: gone; restored: back.
    c.records
        .delete::<Candidate>(&scope, bob, None)
        .await
        .unwrap();
    assert!(ids(&s, &scope, "kubernetes").await.is_empty());
    c.records
        .restore::<Candidate>(&scope, bob, None)
        .await
        .unwrap();
    assert_eq!(ids(&s, &scope, "kubernetes").await, [bob]);
    // The hit carries the record and its explanation.
    let page = s
        .search(&scope, &SearchRequest::new(Kind::Candidates, "skill:go"))
        .await
        .unwrap();
    assert_eq!(
        page.mode,
        Mode::Keyword,
        "hybrid runs as keyword without an embedder"
    );
    assert_eq!(page.found[0].record["first_name"], "Bob");
    assert_eq!(
        page.found[0].hit.matched,
        [(TextField::Skill, "go".to_string())]
    );
    assert_eq!(page.index.docs, 2);
    assert_eq!(
        page.index.last_seq,
        c.db.store.tenant_last_change_seq(&scope).await.unwrap()
    );
    c.db.cleanup().await;
}

async fn tenants_never_mix(db: TestDb) {
    let c = Ctx::new(db).await;
    let a = c.tenant("alpha").await;
    let b = c.tenant("beta").await;
    let s = c.search();
    let in_a = c.candidate(&a, person("Ann", &["Rust"])).await;
    let in_b = c.candidate(&b, person("Ben", &["Rust"])).await;
    assert_eq!(ids(&s, &a, "rust").await, [in_a]);
    assert_eq!(ids(&s, &b, "rust").await, [in_b]);
    // Not even by id.
    assert!(ids(&s, &a, &in_b.to_string()).await.is_empty());
    assert!(ids(&s, &a, &format!("id:{in_b}")).await.is_empty());
    assert_eq!(ids(&s, &b, &format!("id:{in_b}")).await, [in_b]);
    c.db.cleanup().await;
}

async fn a_restart_resumes_from_the_last_sequence_applied(db: TestDb) {
    let c = Ctx::new(db).await;
    let scope = c.tenant("acme").await;
    let first = c.candidate(&scope, person("Ada", &["Elixir"])).await;
    let s = c.search();
    assert_eq!(ids(&s, &scope, "elixir").await, [first]);
    let seq = s.status(&scope, Kind::Candidates).await.unwrap().last_seq;
    drop(s);
    // Written while no search service runs.
    let second = c.candidate(&scope, person("Bob", &["Elixir"])).await;
    let s = c.search();
    let before = s.status(&scope, Kind::Candidates).await.unwrap();
    assert_eq!(before.last_seq, seq, "reopened at the commit it left");
    assert_eq!(before.docs, 1);
    let mut found = ids(&s, &scope, "elixir").await;
    found.sort();
    let mut want = vec![first, second];
    want.sort();
    assert_eq!(found, want);
    assert!(s.status(&scope, Kind::Candidates).await.unwrap().last_seq > seq);
    c.db.cleanup().await;
}

async fn reindex_rebuilds_from_the_store(db: TestDb) {
    let c = Ctx::new(db).await;
    let scope = c.tenant("acme").await;
    let s = c.search();
    for i in 0..30 {
        c.candidate(&scope, person(&name(i), &["Scala"])).await;
    }
    let before = ids(&s, &scope, "scala").await;
    assert_eq!(before.len(), 20, "one page");
    let status = s.reindex(&scope, Kind::Candidates).await.unwrap();
    assert_eq!(status.docs, 30);
    assert!(!status.building && !status.rebuilding);
    assert_eq!(ids(&s, &scope, "scala").await, before);
    // The rebuild went to the next generation, which is now the live one.
    let dir = kind_dir(&c, &scope);
    assert_eq!(current(&dir), "g2");
    assert!(!dir.join("g1").exists(), "the old generation is deleted");
    // A damaged index is rebuilt on open.
    drop(s);
    std::fs::write(dir.join("g2").join("collection.json"), "{}").unwrap();
    let s = c.search();
    assert_eq!(ids(&s, &scope, "scala").await, before);
    c.db.cleanup().await;
}

async fn bad_queries_filters_and_cursors_are_query_errors(db: TestDb) {
    let c = Ctx::new(db).await;
    let scope = c.tenant("acme").await;
    let s = c.search();
    c.candidate(&scope, person("Ada", &["Go"])).await;
    let err = |q: &str, filters: &[(&str, &str)], cursor: Option<&str>| {
        let mut req = SearchRequest::new(Kind::Candidates, q);
        req.filters = filters
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        req.cursor = cursor.map(str::to_string);
        let s = s.clone();
        let scope = scope.clone();
        async move {
            match s.search(&scope, &req).await {
                Err(SearchFailure::Query(e)) => (e.position, e.message),
                other => panic!("{other:?}"),
            }
        }
    };
    assert_eq!(err("go AND", &[], None).await.0, 4);
    let (pos, msg) = err("go status:open", &[], None).await;
    assert_eq!(pos, 4);
    assert!(msg.contains("not a status of candidates"), "{msg}");
    assert_eq!(err("go radius:10mi", &[], None).await.0, 4);
    let (pos, msg) = err(r#"go near:"Atlantis""#, &[], None).await;
    assert_eq!(pos, 4);
    assert!(msg.contains("no place called"), "{msg}");
    let (pos, msg) = err("go", &[("rate", "cheap")], None).await;
    assert_eq!(pos, 0);
    assert!(msg.starts_with("parameter `rate`"), "{msg}");
    let (_, msg) = err("go remote:remote", &[("remote", "hybrid")], None).await;
    assert!(msg.contains("given twice"), "{msg}");
    let (_, msg) = err("go", &[], Some("20.abcdef")).await;
    assert!(msg.contains("another search"), "{msg}");
    let (_, msg) = err("go", &[], Some("nonsense")).await;
    assert!(msg.contains("not a cursor"), "{msg}");
    let mut req = SearchRequest::new(Kind::Candidates, "go");
    req.mode = Mode::Semantic;
    assert!(matches!(
        s.search(&scope, &req).await,
        Err(SearchFailure::Unavailable(_))
    ));
    c.db.cleanup().await;
}

async fn filters_and_pages(db: TestDb) {
    let c = Ctx::new(db).await;
    let scope = c.tenant("acme").await;
    let s = c.search();
    let at = |city: &str, lat: f64, lon: f64| json!({"city": city, "region": "TX", "country": "US", "lat": lat, "lon": lon});
    let mut dallas = Vec::new();
    for i in 0..25 {
        let mut p = person(&name(i), &["Java"]);
        p["location"] = at("Dallas", 32.78, -96.80);
        p["remote_preference"] = json!(if i % 2 == 0 { "hybrid" } else { "onsite" });
        p["rate"] = json!({"amount_minor": (40 + i) * 100, "currency": "USD", "unit": "hour"});
        dallas.push(c.candidate(&scope, p).await);
    }
    let mut austin = person("Austin", &["Java"]);
    austin["location"] = at("Austin", 30.27, -97.74);
    let austin = c.candidate(&scope, austin).await;
    // 25 mi around Dallas by default.
    let mut req = SearchRequest::new(Kind::Candidates, r#"java near:"Dallas, TX""#);
    req.limit = 10;
    let mut seen = Vec::new();
    loop {
        let page = s.search(&scope, &req).await.unwrap();
        assert_eq!(page.total, 25);
        seen.extend(page.found.iter().map(|f| f.id));
        assert!(
            page.found[0].hit.filters[0].contains("from Dallas, TX"),
            "{:?}",
            page.found[0].hit.filters
        );
        match page.next_cursor {
            Some(cur) => req.cursor = Some(cur),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 25, "three pages, no repeats");
    assert!(!seen.contains(&austin));
    // 200 mi reaches Austin; parameters combine with the query's filters.
    let mut req = SearchRequest::new(Kind::Candidates, "java radius:200mi");
    req.filters = vec![("near".into(), "Dallas, TX".into())];
    assert_eq!(s.search(&scope, &req).await.unwrap().total, 26);
    // Remote mode and rate range.
    let mut req = SearchRequest::new(Kind::Candidates, "java remote:hybrid rate:..50");
    req.limit = 100;
    let page = s.search(&scope, &req).await.unwrap();
    // Even i with rate 40+i ≤ 50: i = 0, 2, 4, 6, 8, 10.
    assert_eq!(page.total, 6);
    assert!(
        page.found
            .iter()
            .all(|f| f.hit.filters.iter().any(|w| w == "remote: hybrid"))
    );
    c.db.cleanup().await;
}

async fn requirements_are_searched_with_their_company(db: TestDb) {
    let c = Ctx::new(db).await;
    let scope = c.tenant("acme").await;
    let s = c.search();
    let co = c
        .records
        .create::<Company>(&scope, json!({"name": "Initech", "kind": "client"}))
        .await
        .unwrap()
        .id;
    let req_id = c
        .records
        .create::<Requirement>(
            &scope,
            json!({"title": "Senior Rust Engineer", "company_id": co, "external_id": "REQ-77",
                   "required_skills": [{"name": "Rust"}], "status": "open"}),
        )
        .await
        .unwrap()
        .id;
    let find = |q: &str| {
        let mut r = SearchRequest::new(Kind::Requirements, q);
        r.mode = Mode::Keyword;
        let (s, scope) = (s.clone(), scope.clone());
        async move {
            s.search(&scope, &r)
                .await
                .unwrap()
                .found
                .iter()
                .map(|f| f.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(find("company:initech").await, [req_id]);
    assert_eq!(find("rust status:open").await, [req_id]);
    assert!(find("rust status:closed").await.is_empty());
    let page = s
        .search(&scope, &SearchRequest::new(Kind::Requirements, "req-77"))
        .await
        .unwrap();
    assert_eq!(page.found[0].hit.exact.as_deref(), Some("req-77"));
    // Candidates' index does not hold requirements.
    assert!(ids(&s, &scope, "initech").await.is_empty());
    // The company renamed: its requirements are found by the new name only.
    c.records
        .patch::<Company>(&scope, co, &json!({"name": "Initrode"}), None)
        .await
        .unwrap();
    assert_eq!(find("company:initrode").await, [req_id]);
    assert!(find("company:initech").await.is_empty());
    c.db.cleanup().await;
}

async fn postgres_changes_count_as_applied_once_settled(db: TestDb) {
    let c = Ctx::new(db).await;
    let scope = c.tenant("acme").await;
    let settle = Duration::from_millis(1500);
    let s = c.search_settling(settle);
    let first = c.candidate(&scope, person("Ada", &["Haskell"])).await;
    assert_eq!(ids(&s, &scope, "haskell").await, [first]);
    let newest = c.db.store.tenant_last_change_seq(&scope).await.unwrap();
    let applied = s.status(&scope, Kind::Candidates).await.unwrap().last_seq;
    match c.db.store.backend() {
        // One writer: sequence order is commit order.
        Backend::Sqlite => assert_eq!(applied, newest),
        // A change younger than the window is applied (found) but not yet recorded: an
        // older sequence could still commit.
        Backend::Postgres => assert!(applied < newest, "{applied} < {newest}"),
    }
    tokio::time::sleep(settle + Duration::from_millis(100)).await;
    assert_eq!(ids(&s, &scope, "haskell").await, [first]);
    assert_eq!(
        s.status(&scope, Kind::Candidates).await.unwrap().last_seq,
        newest
    );
    c.db.cleanup().await;
}

async fn a_new_model_rebuilds_beside_the_live_index(db: TestDb) {
    let c = Ctx::new(db).await;
    let scope = c.tenant("acme").await;
    for i in 0..30 {
        c.candidate(&scope, person(&name(i), &["Scala"])).await;
    }
    let s = c.search();
    let before = ids(&s, &scope, "scala").await;
    assert_eq!(before.len(), 20);
    drop(s);
    // As if the index had been built with a model this installation no longer has.
    let dir = kind_dir(&c, &scope);
    let header = dir.join("g1").join("collection.json");
    let mut h: Value = serde_json::from_slice(&std::fs::read(&header).unwrap()).unwrap();
    let installed = h["model"].as_str().unwrap().to_string();
    h["model"] = json!("static@retired");
    std::fs::write(&header, h.to_string()).unwrap();

    // Opening it starts a rebuild for the installed model; whenever a search lands,
    // before or after the switch, it sees every record (never a partial build), and a
    // write made meanwhile is found.
    let s = c.search();
    assert_eq!(ids(&s, &scope, "scala").await, before);
    let late = c
        .candidate(&scope, person("Zed", &["Scala", "Haskell"]))
        .await;
    assert_eq!(ids(&s, &scope, "haskell").await, [late]);
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let st = s.status(&scope, Kind::Candidates).await.unwrap();
        if !st.rebuilding && st.model == installed {
            assert_eq!(st.docs, 31);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "rebuild never switched: {st:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(current(&dir), "g2");
    assert!(!dir.join("g1").exists());
    assert_eq!(ids(&s, &scope, "haskell").await, [late]);
    let mut req = SearchRequest::new(Kind::Candidates, "scala");
    req.mode = Mode::Keyword;
    assert_eq!(s.search(&scope, &req).await.unwrap().total, 31);
    c.db.cleanup().await;
}

async fn a_rebuild_cut_off_is_swept_on_open(db: TestDb) {
    let c = Ctx::new(db).await;
    let scope = c.tenant("acme").await;
    let ada = c.candidate(&scope, person("Ada", &["Erlang"])).await;
    let s = c.search();
    assert_eq!(ids(&s, &scope, "erlang").await, [ada]);
    drop(s);
    // A crash during a rebuild leaves the next generation half-written; an older
    // release left its collection directly in the kind's directory.
    let dir = kind_dir(&c, &scope);
    std::fs::create_dir_all(dir.join("g2").join("keyword")).unwrap();
    std::fs::write(dir.join("g2").join("docs.bin"), b"torn").unwrap();
    std::fs::write(dir.join("collection.json"), "{}").unwrap();
    std::fs::create_dir_all(dir.join("keyword")).unwrap();
    let s = c.search();
    assert_eq!(ids(&s, &scope, "erlang").await, [ada]);
    assert_eq!(current(&dir), "g1");
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["CURRENT", "LOCK", "g1"]);
    // One service at a time has an index open (a second process, say `hireloop
    // reindex` beside a running server, is told so and touches nothing).
    let other = c.search();
    let err = other
        .search(&scope, &SearchRequest::new(Kind::Candidates, "erlang"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            SearchFailure::Index(hireloop_search::SearchError::InUse(_))
        ),
        "{err}"
    );
    assert!(err.to_string().contains("another process"), "{err}");
    assert_eq!(ids(&s, &scope, "erlang").await, [ada]);
    c.db.cleanup().await;
}
