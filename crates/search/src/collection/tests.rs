use hireloop_domain::values::{GeoPoint, RemoteMode, WorkAuthorization};
use uuid::Uuid;

use super::*;
use crate::{Attrs, Filters, Near, TextField, parse};

const DIMS: usize = 4;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn unit(v: [f32; DIMS]) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / n).collect()
}

fn doc(n: u128, name: &str, titles: &[&str], skills: &[&str], text: &str, v: [f32; DIMS]) -> Doc {
    Doc {
        id: id(n),
        exact: vec![format!("EXT-{n}")],
        name: name.into(),
        titles: titles.iter().map(|s| s.to_string()).collect(),
        skills: skills.iter().map(|s| s.to_string()).collect(),
        companies: vec![],
        text: text.into(),
        attrs: Attrs::new().with_status("active"),
        refs: vec![],
        vector: Some(unit(v)),
    }
}

fn fixture(dir: &Path) -> Collection {
    let mut c = Collection::open(dir, "test-model@1", DIMS).unwrap();
    assert!(c.info().fresh);
    let docs = [
        doc(
            1,
            "Ada Lovelace",
            &["Platform Engineer"],
            &["Kubernetes", "Go"],
            "runs clusters",
            [1.0, 0.1, 0.0, 0.0],
        ),
        doc(
            2,
            "Grace Hopper",
            &["Data Engineer"],
            &["Python", "Spark"],
            "kubernetes on the side; machine learning pipelines",
            [0.1, 1.0, 0.0, 0.0],
        ),
        doc(
            3,
            "Linus T",
            &["Systems Programmer"],
            &["C", "C++"],
            "kernel work",
            [0.0, 0.0, 1.0, 0.0],
        ),
        doc(
            4,
            "Bjarne S",
            &["Developer"],
            &["C#", ".NET"],
            "learning machine setups",
            [0.0, 0.0, 0.2, 1.0],
        ),
        doc(
            5,
            "Margaret H",
            &["Software Developers Lead"],
            &["Java", "Spring Boot"],
            "java platform teams",
            [0.9, 0.0, 0.0, 0.3],
        ),
    ];
    for d in &docs {
        c.upsert(d).unwrap();
    }
    c.commit(5).unwrap();
    c
}

fn plan(q: &str, mode: Mode) -> Plan {
    let parsed = parse(q).unwrap();
    Plan {
        expr: parsed.expr,
        mode,
        limit: 10,
        ..Plan::default()
    }
}

fn ids(r: &Results) -> Vec<u128> {
    r.hits.iter().map(|h| h.id.as_u128()).collect()
}

fn keyword(c: &Collection, q: &str) -> Vec<u128> {
    ids(&c.search(&plan(q, Mode::Keyword)).unwrap())
}

#[test]
fn boolean_queries_select_exactly_and_skills_outrank_free_text() {
    let dir = tempfile::tempdir().unwrap();
    let c = fixture(dir.path());
    // Skill (boost 3) beats a mention in the text (boost 1).
    assert_eq!(keyword(&c, "kubernetes"), [1, 2]);
    assert_eq!(keyword(&c, "skill:kubernetes"), [1]);
    assert_eq!(keyword(&c, "kubernetes NOT python"), [1]);
    assert_eq!(keyword(&c, "kubernetes AND python"), [2]);
    let mut either = keyword(&c, "go OR spark");
    either.sort();
    assert_eq!(either, [1, 2]);
    assert_eq!(keyword(&c, "(go OR spark) -skill:go"), [2]);
    let mut not = keyword(&c, "NOT engineer");
    not.sort();
    assert_eq!(not, [3, 4, 5]);
    // Phrases keep word order; stemming finds plural titles.
    assert_eq!(keyword(&c, r#""machine learning""#), [2]);
    assert_eq!(keyword(&c, r#"title:"software developer""#), [5]);
    let mut devs = keyword(&c, "title:developers");
    devs.sort();
    assert_eq!(devs, [4, 5]);
    // Technical names are whole terms.
    assert_eq!(keyword(&c, "c++"), [3]);
    assert_eq!(keyword(&c, "skill:c"), [3]);
    assert_eq!(keyword(&c, "c#"), [4]);
    assert_eq!(keyword(&c, ".net"), [4]);
    assert_eq!(keyword(&c, "name:grace"), [2]);
    assert!(keyword(&c, "cobol").is_empty());
}

#[test]
fn each_hit_names_what_it_matched() {
    let dir = tempfile::tempdir().unwrap();
    let c = fixture(dir.path());
    let r = c
        .search(&plan("kubernetes python NOT go", Mode::Keyword))
        .unwrap();
    assert_eq!(ids(&r), [2]);
    let h = &r.hits[0];
    assert_eq!(
        h.matched,
        [
            (TextField::Text, "kubernetes".to_string()),
            (TextField::Skill, "python".to_string())
        ],
        "in the query's order"
    );
    assert_eq!(h.exact, None);
    assert_eq!(h.keyword.map(|k| k.0), Some(1));
    assert!(h.keyword.unwrap().1 > 0.0);
    assert_eq!(r.total, 1);
}

#[test]
fn an_exact_key_outranks_everything_in_every_mode() {
    let dir = tempfile::tempdir().unwrap();
    let c = fixture(dir.path());
    for mode in [Mode::Keyword, Mode::Semantic, Mode::Hybrid] {
        let mut p = plan("ext-4 kubernetes", mode);
        // The query's meaning is nearest doc 1.
        p.vector = Some(unit([1.0, 0.0, 0.0, 0.0]));
        let r = c.search(&p).unwrap();
        assert_eq!(r.hits[0].id, id(4), "{mode:?}");
        assert_eq!(r.hits[0].exact.as_deref(), Some("ext-4"));
    }
    // A record's own id works too, and `id:` restricts to it.
    let mut p = plan(&id(3).to_string(), Mode::Keyword);
    assert_eq!(ids(&c.search(&p).unwrap()), [3]);
    p = plan("", Mode::Keyword);
    p.filters.exact = Some("EXT-2".into());
    assert_eq!(ids(&c.search(&p).unwrap()), [2]);
}

#[test]
fn hybrid_puts_keyword_matches_above_semantic_near_misses() {
    let dir = tempfile::tempdir().unwrap();
    let c = fixture(dir.path());
    let mut p = plan("java", Mode::Hybrid);
    // Nearest in meaning: doc 1 (similarity ~0.99), then doc 5 (the only "java").
    p.vector = Some(unit([1.0, 0.05, 0.0, 0.1]));
    let r = c.search(&p).unwrap();
    assert_eq!(r.hits[0].id, id(5), "the keyword match is first");
    assert_eq!(r.hits[1].id, id(1));
    assert!(r.hits[1].similarity.unwrap() > r.hits[0].similarity.unwrap());
    assert!(r.hits[1].keyword.is_none() && r.hits[1].matched.is_empty());
    assert_eq!(r.hits[0].matched[0].1, "java");
    // Semantic alone orders by similarity.
    p.mode = Mode::Semantic;
    let r = c.search(&p).unwrap();
    assert_eq!(ids(&r)[..2], [1, 5]);
    assert_eq!(r.hits[0].semantic_rank, Some(1));
    let sims: Vec<f32> = r.hits.iter().map(|h| h.similarity.unwrap()).collect();
    assert!(sims.windows(2).all(|w| w[0] >= w[1]), "{sims:?}");
    // Weighted fusion is available too, and deterministic.
    p.mode = Mode::Hybrid;
    p.fusion = Fusion::Weighted {
        keyword_weight: 0.5,
    };
    let a = c.search(&p).unwrap();
    assert_eq!(a, c.search(&p).unwrap());
    assert_eq!(a.hits[0].id, id(5));
}

#[test]
fn a_bare_search_ranks_alike_without_explanations() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = fixture(dir.path());
    let mut p = plan("java OR kubernetes OR python", Mode::Hybrid);
    p.vector = Some(unit([1.0, 0.05, 0.0, 0.1]));
    p.filters = Filters {
        status: vec!["active"],
        ..Filters::default()
    };
    let full = c.search(&p).unwrap();
    p.bare = true;
    let bare = c.search(&p).unwrap();
    assert!(full.hits.len() >= 3, "{full:?}");
    assert_eq!(ids(&bare), ids(&full));
    // The stored vectors, as `fixture` gives them.
    let stored = |n: u128| -> Vec<f32> {
        unit(match n {
            1 => [1.0, 0.1, 0.0, 0.0],
            2 => [0.1, 1.0, 0.0, 0.0],
            3 => [0.0, 0.0, 1.0, 0.0],
            4 => [0.0, 0.0, 0.2, 1.0],
            _ => [0.9, 0.0, 0.0, 0.3],
        })
    };
    let qv = p.vector.clone().unwrap();
    for (b, f) in bare.hits.iter().zip(&full.hits) {
        assert_eq!(
            (b.score, b.keyword, b.semantic_rank),
            (f.score, f.keyword, f.semantic_rank)
        );
        // A bare search keeps the int8 estimate of the similarity, exactly as
        // `approx_cosine` computes it for one pair, within 1 % of the f32 one.
        let (bs, fs) = (b.similarity.unwrap(), f.similarity.unwrap());
        assert_eq!(bs, crate::approx_cosine(&qv, &stored(b.id.as_u128())));
        assert!((bs - fs).abs() < 0.01, "{bs} against {fs}");
        assert!(b.matched.is_empty() && b.filters.is_empty());
    }
    assert!(full.hits.iter().any(|h| !h.matched.is_empty()));
    assert!(full.hits.iter().all(|h| !h.filters.is_empty()));

    // A bare search tests the filters hit by hit rather than for every slot first: the
    // same records pass, on both sides.
    let mut d = doc(
        1,
        "Ada Lovelace",
        &["Platform Engineer"],
        &["Kubernetes", "Go"],
        "runs clusters",
        [1.0, 0.1, 0.0, 0.0],
    );
    d.attrs = Attrs::new().with_status("inactive");
    c.upsert(&d).unwrap();
    c.commit(20).unwrap();
    p.bare = false;
    let full = c.search(&p).unwrap();
    p.bare = true;
    let bare = c.search(&p).unwrap();
    assert!(
        !ids(&full).contains(&1) && !full.hits.is_empty(),
        "{full:?}"
    );
    assert_eq!(ids(&bare), ids(&full));
    p.filters.status = vec!["inactive"];
    assert_eq!(ids(&c.search(&p).unwrap()), [1]);
}

#[test]
fn filters_narrow_every_mode_and_explain_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Collection::open(dir.path(), "m", DIMS).unwrap();
    let austin = GeoPoint::new(30.2672, -97.7431).unwrap();
    let round_rock = GeoPoint::new(30.5083, -97.6789).unwrap();
    let dallas = GeoPoint::new(32.7767, -96.797).unwrap();
    let base = |n: u128, p: GeoPoint, mode: RemoteMode| {
        let mut d = doc(
            n,
            "X",
            &["Engineer"],
            &["Rust"],
            "rust",
            [1.0, 0.0, 0.0, n as f32 / 10.0],
        );
        d.attrs = Attrs::new()
            .with_point(Some(p))
            .with_remote(Some(mode))
            .with_auth(&[WorkAuthorization::UsCitizen])
            .with_status("active");
        d
    };
    c.upsert(&base(1, round_rock, RemoteMode::Hybrid)).unwrap();
    c.upsert(&base(2, dallas, RemoteMode::Hybrid)).unwrap();
    c.upsert(&base(3, austin, RemoteMode::Onsite)).unwrap();
    c.commit(3).unwrap();
    let filters = Filters {
        near: Some(Near {
            point: austin,
            radius_km: 80.0,
            label: "Austin, TX".into(),
            or_relocating: false,
        }),
        remote: vec![RemoteMode::Hybrid],
        ..Filters::default()
    };
    for mode in [Mode::Keyword, Mode::Semantic, Mode::Hybrid] {
        let mut p = plan("rust", mode);
        p.vector = Some(unit([1.0, 0.0, 0.0, 0.0]));
        p.filters = filters.clone();
        let r = c.search(&p).unwrap();
        assert_eq!(ids(&r), [1], "{mode:?}");
        assert_eq!(r.hits[0].filters.len(), 2);
        assert!(r.hits[0].filters[0].contains("from Austin, TX"));
        assert_eq!(r.hits[0].filters[1], "remote: hybrid");
    }
    // Filters alone list what passes, newest id first.
    let mut p = plan("", Mode::Hybrid);
    p.filters.near = filters.near.clone();
    let r = c.search(&p).unwrap();
    assert_eq!(ids(&r), [3, 1]);
    assert_eq!(r.total, 2);
}

#[test]
fn pages_follow_one_order_and_ties_break_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Collection::open(dir.path(), "m", DIMS).unwrap();
    for n in (1..=25u128).rev() {
        c.upsert(&doc(
            n,
            "Same",
            &["Engineer"],
            &["Rust"],
            "same words",
            [1.0, 0.0, 0.0, 0.0],
        ))
        .unwrap();
    }
    c.commit(25).unwrap();
    for mode in [Mode::Keyword, Mode::Hybrid, Mode::Semantic] {
        let mut p = plan("rust", mode);
        p.vector = Some(unit([1.0, 0.0, 0.0, 0.0]));
        p.limit = 10;
        let mut seen = Vec::new();
        for page in 0..3 {
            p.offset = page * 10;
            let r = c.search(&p).unwrap();
            assert_eq!(r.more, page < 2, "{mode:?} page {page}");
            seen.extend(ids(&r));
        }
        assert_eq!(seen, (1..=25).collect::<Vec<u128>>(), "{mode:?}");
    }
}

#[test]
fn commits_survive_a_reopen_and_uncommitted_changes_do_not() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut c = fixture(dir.path());
        // Changed and removed, committed.
        c.upsert(&doc(
            1,
            "Ada Lovelace",
            &["Platform Engineer"],
            &["Terraform"],
            "",
            [1.0, 0.0, 0.0, 0.0],
        ))
        .unwrap();
        c.remove(id(2)).unwrap();
        c.commit(7).unwrap();
        // Not committed: lost at reopen (the change log will bring it back).
        c.upsert(&doc(
            9,
            "Uncommitted",
            &[],
            &["Kubernetes"],
            "",
            [0.0, 1.0, 0.0, 0.0],
        ))
        .unwrap();
        c.remove(id(3)).unwrap();
    }
    let c = Collection::open(dir.path(), "test-model@1", DIMS).unwrap();
    let info = c.info();
    assert_eq!((info.docs, info.last_seq, info.fresh), (4, 7, false));
    assert!(
        keyword(&c, "kubernetes").is_empty(),
        "doc 1 lost it, doc 2 is gone, doc 9 never landed"
    );
    assert_eq!(keyword(&c, "terraform"), [1]);
    assert_eq!(keyword(&c, "c++"), [3]);
    let mut p = plan("", Mode::Semantic);
    p.vector = Some(unit([1.0, 0.0, 0.0, 0.0]));
    p.expr = parse("anything").unwrap().expr;
    let r = c.search(&p).unwrap();
    assert_eq!(r.hits[0].id, id(1));
    assert!((r.hits[0].similarity.unwrap() - 1.0).abs() < 1e-5);
}

#[test]
fn another_model_or_format_starts_the_collection_afresh() {
    let dir = tempfile::tempdir().unwrap();
    drop(fixture(dir.path()));
    let same = Collection::open(dir.path(), "test-model@1", DIMS).unwrap();
    assert!(!same.info().fresh);
    drop(same);
    let other = Collection::open(dir.path(), "test-model@2", DIMS).unwrap();
    let info = other.info();
    assert!(info.fresh);
    assert_eq!((info.docs, info.last_seq), (0, 0));
    drop(other);
    // A damaged header is another format.
    std::fs::write(dir.path().join("collection.json"), b"{").unwrap();
    assert!(
        Collection::open(dir.path(), "test-model@2", DIMS)
            .unwrap()
            .info()
            .fresh
    );
}

#[test]
fn clear_empties_for_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = fixture(dir.path());
    c.clear().unwrap();
    c.upsert(&doc(
        8,
        "New",
        &[],
        &["Kubernetes"],
        "",
        [0.0, 1.0, 0.0, 0.0],
    ))
    .unwrap();
    c.commit(40).unwrap();
    assert_eq!(keyword(&c, "kubernetes"), [8]);
    drop(c);
    let c = Collection::open(dir.path(), "test-model@1", DIMS).unwrap();
    assert_eq!((c.info().docs, c.info().last_seq), (1, 40));
}

#[test]
fn references_find_the_records_that_name_another() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = fixture(dir.path());
    let company = id(900);
    for n in [1, 3] {
        let mut d = doc(n, "x", &[], &[], "", [1.0, 0.0, 0.0, 0.0]);
        d.refs = vec![company];
        c.upsert(&d).unwrap();
    }
    c.commit(10).unwrap();
    assert_eq!(c.referencing(company).unwrap(), [id(1), id(3)]);
    // Replaced without the reference, or removed: no longer found.
    c.upsert(&doc(1, "x", &[], &[], "", [1.0, 0.0, 0.0, 0.0]))
        .unwrap();
    c.remove(id(3)).unwrap();
    c.commit(11).unwrap();
    assert!(c.referencing(company).unwrap().is_empty());
    assert!(c.referencing(id(901)).unwrap().is_empty());
}

#[test]
fn a_filter_keeps_the_best_allowed_vectors_when_better_ones_are_filtered_out() {
    // 600 vectors, each nearer the query than the one before; the odd ones are
    // inactive. More vectors than the scan keeps (200), so the scan's list is full long
    // before the best allowed ones arrive, and the filtered ones beat them.
    let dir = tempfile::tempdir().unwrap();
    let mut c = Collection::open(dir.path(), "m", DIMS).unwrap();
    for n in 1..=600u128 {
        let x = n as f32 / 600.0;
        let mut d = doc(
            n,
            "X",
            &["Engineer"],
            &["Rust"],
            "rust",
            [x, 1.0 - x, 0.0, 0.0],
        );
        if n % 2 == 1 {
            d.attrs = Attrs::new().with_status("inactive");
        }
        c.upsert(&d).unwrap();
    }
    c.commit(600).unwrap();
    let mut p = plan("", Mode::Semantic);
    p.vector = Some(unit([1.0, 0.0, 0.0, 0.0]));
    p.limit = 3;
    assert_eq!(ids(&c.search(&p).unwrap()), [600, 599, 598]);
    p.filters.status = vec!["active"];
    assert_eq!(ids(&c.search(&p).unwrap()), [600, 598, 596]);
    p.filters.status = vec!["inactive"];
    assert_eq!(ids(&c.search(&p).unwrap()), [599, 597, 595]);
}

#[test]
fn a_large_hybrid_search_runs_both_sides_at_once_and_keeps_their_hits_and_errors() {
    // From 50,000 slots the keyword side runs on a thread of its own beside the scan.
    let dir = tempfile::tempdir().unwrap();
    let mut c = Collection::open(dir.path(), "m", DIMS).unwrap();
    let n = 50_000u128;
    for i in 1..=n {
        let (skill, v) = match i {
            42 => ("Rust", [0.0, 1.0, 0.0, 0.0]),
            43 => ("Cobol", [1.0, 0.0, 0.0, 0.0]),
            _ => ("Cobol", [0.0, 1.0, (i % 7) as f32 / 10.0, 0.0]),
        };
        c.upsert(&doc(i, "X", &["Clerk"], &[skill], "ledger", v))
            .unwrap();
    }
    c.commit(n as i64).unwrap();
    let mut p = plan("rust", Mode::Hybrid);
    p.vector = Some(unit([1.0, 0.0, 0.0, 0.0]));
    p.limit = 2;
    // The keyword match first, then the one found by meaning alone.
    assert_eq!(ids(&c.search(&p).unwrap()), [42, 43]);
    p.vector = Some(vec![1.0; DIMS + 1]);
    assert!(matches!(
        c.search(&p),
        Err(SearchError::Dims { expected: DIMS, .. })
    ));
}
