//! Bulk imports end to end on both engines: a stored file becomes a job, the worker
//! writes the good rows, reports the bad ones, upserts by external id, and suggests
//! (never makes) merges of duplicate people.

use std::sync::Arc;

use bytes::Bytes;
use chrono::NaiveDate;
use hireloop_domain::entities::{Tenant, TenantSlug};
use hireloop_engine::imports::{ImportRequest, Ingest, worker};
use hireloop_ingest::bulk::EntityKind;
use hireloop_ingest::skills::Taxonomy;
use hireloop_store::testing::TestDb;
use hireloop_store::{Actor, Entity, Files, ListQuery, Scope};
use serde_json::Value;

use hireloop_store::on_both_engines;

on_both_engines!(
    good_rows_land_and_bad_rows_are_reported,
    the_same_file_again_is_the_same_import,
    external_ids_upsert,
    an_external_id_repeated_in_one_file_is_one_record,
    duplicate_people_are_suggested_not_merged,
    a_file_that_is_not_a_table_fails_with_a_reason,
    rows_checked_on_several_threads_keep_their_order,
    bulk_loads_upsert_and_suggest_like_row_by_row_imports,
);

#[path = "imports/requirements.rs"]
mod requirements;

use super_helpers::*;
mod super_helpers {
    use super::*;

    pub struct Ctx {
        pub db: TestDb,
        pub ingest: Ingest,
        pub scope: Scope,
        _dir: tempfile::TempDir,
    }

    pub async fn ctx(db: TestDb) -> Ctx {
        let t = Tenant::new("Acme", TenantSlug::parse("acme").unwrap()).unwrap();
        db.store.create_tenant(&t).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let files = Files::local(dir.path()).unwrap();
        let taxonomy = Arc::new(Taxonomy::from_forms(&[
            "java",
            "react",
            "reactjs",
            "kubernetes",
        ]));
        let ingest = Ingest::new(db.store.clone(), files, taxonomy).with_places(Arc::new(places()));
        Ctx {
            scope: Scope::new(t.id, Actor::User("recruiter".into())),
            db,
            ingest,
            _dir: dir,
        }
    }

    /// A gazetteer that knows Dallas only.
    fn places() -> hireloop_ingest::places::Gazetteer {
        let cities = serde_json::json!({"4684888": {
            "geonameid": 4684888, "name": "Dallas", "latitude": 32.78306, "longitude": -96.80667,
            "countrycode": "US", "population": 1300092, "timezone": "America/Chicago",
            "admin1code": "TX", "alternatenames": []}});
        let countries = serde_json::json!({"US": {"population": 327167434}});
        hireloop_ingest::places::Gazetteer::from_readers(
            cities.to_string().as_bytes(),
            countries.to_string().as_bytes(),
        )
        .unwrap()
    }

    /// Stores `body`, imports it as `kind`, runs the worker, and returns the import.
    pub async fn import(c: &Ctx, kind: EntityKind, name: &str, body: &str) -> Value {
        let file = c
            .ingest
            .files()
            .put(Bytes::from(body.to_owned()))
            .await
            .unwrap();
        let (view, _) = c
            .ingest
            .start_import(
                &c.scope,
                ImportRequest {
                    kind,
                    file,
                    name: name.into(),
                    mapping: None,
                    format: None,
                    today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
                },
            )
            .await
            .unwrap();
        worker::drain(&c.ingest, "test-worker").await;
        let id = view.id.parse().unwrap();
        serde_json::to_value(c.ingest.import(&c.scope, id).await.unwrap()).unwrap()
    }

    /// The row and column of each problem the import reported.
    pub async fn error_cells(c: &Ctx, view: &Value) -> Vec<(Option<u64>, Option<String>)> {
        let id = view["id"].as_str().unwrap().parse().unwrap();
        let errors = c.ingest.import_errors(&c.scope, id, 0, 100).await.unwrap();
        errors.into_iter().map(|(_, e)| (e.row, e.column)).collect()
    }

    pub async fn candidates(c: &Ctx) -> Vec<Value> {
        let page =
            c.db.store
                .list(
                    &c.scope,
                    Entity::Candidate,
                    &ListQuery {
                        limit: 100,
                        ..ListQuery::default()
                    },
                )
                .await
                .unwrap();
        page.items
            .iter()
            .map(|r| serde_json::from_str(&r.data).unwrap())
            .collect()
    }
}

const PEOPLE: &str = "First Name,Last Name,Email,Mobile,Skills,City,State,Pay Rate,Candidate ID\n\
Ann,Lee,ann@example.com,(214) 555-0134,\"ReactJS, Java\",Dallas,TX,$65/hr,ATS-1\n\
Bob,,bob@example,214-555-0199,Java,Austin,TX,$70/hr,ATS-2\n\
Cy,Ray,cy@example.com,,k8s,Austin,TX,per fortnight,ATS-3\n\
Di,Fox,di@example.com,,Java,Houston,TX,$80/hr,ATS-4\n";

async fn good_rows_land_and_bad_rows_are_reported(db: TestDb) {
    let c = ctx(db).await;
    let view = import(&c, EntityKind::Candidates, "people.csv", PEOPLE).await;
    assert_eq!(view["status"], "succeeded", "{view}");
    let p = &view["progress"];
    assert_eq!(
        (
            p["rows"].as_u64(),
            p["created"].as_u64(),
            p["failed"].as_u64()
        ),
        (Some(4), Some(2), Some(2))
    );
    assert_eq!(view["percent"], 100);
    assert_eq!(view["result"]["format"], "csv");

    let people = candidates(&c).await;
    assert_eq!(people.len(), 2);
    let ann = people.iter().find(|p| p["first_name"] == "Ann").unwrap();
    let skills: Vec<&str> = ann["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        skills,
        ["React", "Java"],
        "skills take the taxonomy's names"
    );
    // A place the gazetteer knows is completed; one it does not is kept as written.
    assert_eq!(ann["location"]["country"], "US", "{ann}");
    assert_eq!(ann["location"]["timezone"], "America/Chicago", "{ann}");
    assert!(ann["location"]["lat"].is_number(), "{ann}");
    let di = people.iter().find(|p| p["first_name"] == "Di").unwrap();
    assert_eq!(
        di["location"],
        serde_json::json!({"city": "Houston", "region": "TX", "country": "US"}),
        "{di}"
    );

    let rows = error_cells(&c, &view).await;
    assert!(rows.contains(&(Some(3), Some("Email".into()))), "{rows:?}");
    assert!(
        rows.contains(&(Some(4), Some("Pay Rate".into()))),
        "{rows:?}"
    );
    c.db.cleanup().await;
}

async fn the_same_file_again_is_the_same_import(db: TestDb) {
    let c = ctx(db).await;
    let first = import(&c, EntityKind::Candidates, "people.csv", PEOPLE).await;
    let again = import(&c, EntityKind::Candidates, "renamed.csv", PEOPLE).await;
    assert_eq!(first["id"], again["id"]);
    assert_eq!(candidates(&c).await.len(), 2, "nothing was imported twice");
    c.db.cleanup().await;
}

async fn external_ids_upsert(db: TestDb) {
    let c = ctx(db).await;
    import(&c, EntityKind::Candidates, "people.csv", PEOPLE).await;
    let change = "Candidate ID,First Name,Last Name,City,State\n\
                  ATS-1,Ann,Lee,Austin,TX\nATS-4,Di,Fox,Houston,TX\nATS-9,Eve,Moss,Waco,TX\n";
    let view = import(&c, EntityKind::Candidates, "update.csv", change).await;
    let p = &view["progress"];
    assert_eq!(
        (
            p["updated"].as_u64(),
            p["unchanged"].as_u64(),
            p["created"].as_u64()
        ),
        (Some(1), Some(1), Some(1)),
        "{view}"
    );
    let people = candidates(&c).await;
    assert_eq!(people.len(), 3);
    let ann = people.iter().find(|p| p["first_name"] == "Ann").unwrap();
    assert_eq!(ann["location"]["city"], "Austin");
    assert_eq!(
        ann["email"], "ann@example.com",
        "fields the file lacks are kept"
    );
    c.db.cleanup().await;
}

/// A later row with the same external id updates the earlier one's fields, in the same
/// batch, before either is written.
async fn an_external_id_repeated_in_one_file_is_one_record(db: TestDb) {
    let c = ctx(db).await;
    let file = "Candidate ID,First Name,Last Name,Email,City,State\n\
                ATS-7,Ann,Lee,ann@example.com,Dallas,TX\n\
                ATS-7,Ann,Lee,,Austin,TX\n";
    let view = import(&c, EntityKind::Candidates, "twice.csv", file).await;
    let p = &view["progress"];
    assert_eq!(
        (
            p["rows"].as_u64(),
            p["created"].as_u64(),
            p["failed"].as_u64()
        ),
        (Some(2), Some(1), Some(0)),
        "{view}"
    );
    let people = candidates(&c).await;
    assert_eq!(people.len(), 1, "{people:?}");
    assert_eq!(
        people[0]["location"]["city"], "Austin",
        "the later row wins"
    );
    assert_eq!(
        people[0]["email"], "ann@example.com",
        "fields the later row lacks are kept"
    );
    c.db.cleanup().await;
}

async fn duplicate_people_are_suggested_not_merged(db: TestDb) {
    let c = ctx(db).await;
    import(&c, EntityKind::Candidates, "people.csv", PEOPLE).await;
    let again = "First Name,Last Name,Email\nAnn,Lee-Smith,ANN@example.com\n";
    let view = import(&c, EntityKind::Candidates, "more.csv", again).await;
    assert_eq!(view["progress"]["duplicates"], 1, "{view}");
    assert_eq!(candidates(&c).await.len(), 3, "both records are kept");
    let open =
        c.db.store
            .list_duplicates(&c.scope, Entity::Candidate, "open", None, 10)
            .await
            .unwrap();
    assert_eq!(open.len(), 1);
    assert!(
        open[0].reasons.iter().any(|r| r.contains("e-mail")),
        "{:?}",
        open[0].reasons
    );
    c.db.cleanup().await;
}

async fn a_file_that_is_not_a_table_fails_with_a_reason(db: TestDb) {
    let c = ctx(db).await;
    let pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
    let view = import(&c, EntityKind::Candidates, "resume.csv", pdf).await;
    assert_eq!(view["status"], "failed", "{view}");
    let error = view["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("resume.csv") && error.contains("PDF"),
        "{view}"
    );
    c.db.cleanup().await;
}

/// A small file run the way a large one runs (a bulk load on SQLite: indexes deferred,
/// lookups in memory) gives what the row-by-row path gives.
async fn bulk_loads_upsert_and_suggest_like_row_by_row_imports(db: TestDb) {
    let sqlite = db.store.backend() == hireloop_store::Backend::Sqlite;
    let mut c = ctx(db).await;
    c.ingest = c.ingest.clone().with_bulk_min_rows(1);
    let first = import(&c, EntityKind::Candidates, "people.csv", PEOPLE).await;
    assert_eq!(first["progress"]["bulk"], sqlite, "{first}");
    assert_eq!(first["progress"]["created"], 2, "{first}");
    // The next load starts from what is on file: an update by external id, a person
    // sharing an e-mail with one on file, and two sharing one within the file.
    let later = "Candidate ID,First Name,Last Name,Email,City,State\n\
                 ATS-1,Ann,Lee,ann@example.com,Austin,TX\n\
                 ATS-7,Ann,Lee-Smith,ANN@example.com,Plano,TX\n\
                 ATS-8,Gus,Hart,gus@example.com,Waco,TX\n\
                 ATS-9,Gustav,Hart,GUS@example.com,Waco,TX\n";
    let second = import(&c, EntityKind::Candidates, "later.csv", later).await;
    let p = &second["progress"];
    assert_eq!(p["bulk"], sqlite, "{second}");
    assert_eq!(
        (
            p["updated"].as_u64(),
            p["created"].as_u64(),
            p["duplicates"].as_u64()
        ),
        // ATS-1 updated; ATS-7 shares Ann's e-mail (on file); ATS-9 shares Gus's (in
        // the same file).
        (Some(1), Some(3), Some(2)),
        "{second}"
    );
    let open =
        c.db.store
            .list_duplicates(&c.scope, Entity::Candidate, "open", None, 10)
            .await
            .unwrap();
    assert_eq!(open.len(), 2);
    assert!(
        open.iter()
            .all(|d| d.reasons.iter().any(|r| r == "same e-mail")),
        "{open:?}"
    );
    let people = candidates(&c).await;
    assert_eq!(people.len(), 5);
    let ann = people.iter().find(|p| p["external_id"] == "ATS-1").unwrap();
    assert_eq!(ann["location"]["city"], "Austin", "{ann}");
    // Every index the loads deferred is back.
    assert!(c.db.store.restore_indexes(None).await.unwrap().is_empty());
    c.db.cleanup().await;
}

/// A batch big enough to be converted and checked on several threads (one per core):
/// records still take ids in the file's order, and a bad row in the middle is reported
/// under its own number while every good row lands.
async fn rows_checked_on_several_threads_keep_their_order(db: TestDb) {
    let c = ctx(db).await;
    let mut body = String::from("First Name,Last Name,Email,Skills,City,State,Candidate ID\n");
    for i in 0..100 {
        if i == 57 {
            body.push_str("Bad,Row,not-an-email,Java,Dallas,TX,ATS-BAD\n");
        } else {
            // Names are letters only: "Aa", "Ab" …
            let name: String = [b'A' + (i / 26) as u8, b'a' + (i % 26) as u8]
                .iter()
                .map(|b| char::from(*b))
                .collect();
            body.push_str(&format!(
                "{name},Doe{},p{i}@example.com,\"ReactJS, Java\",Dallas,TX,ATS-{i:03}\n",
                name.to_lowercase()
            ));
        }
    }
    let view = import(&c, EntityKind::Candidates, "many.csv", &body).await;
    assert_eq!(view["status"], "succeeded", "{view}");
    assert_eq!(view["progress"]["created"], 99, "{view}");
    assert_eq!(view["progress"]["failed"], 1, "{view}");
    let people = candidates(&c).await;
    let externals: Vec<&str> = people
        .iter()
        .map(|p| p["external_id"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..100)
        .filter(|i| *i != 57)
        .map(|i| format!("ATS-{i:03}"))
        .collect();
    assert_eq!(externals, expected, "creation order is the file's order");
    assert!(
        people
            .iter()
            .all(|p| p["skills"][0]["name"] == "React"
                && p["location"]["timezone"] == "America/Chicago"),
        "every share is checked alike"
    );
    // The header is row 1, so the 58th data row is row 59.
    assert_eq!(
        error_cells(&c, &view).await,
        vec![(Some(59), Some("Email".into()))]
    );
    c.db.cleanup().await;
}
