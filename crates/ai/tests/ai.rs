//! The MiniLM encoder against reference vectors made by sentence-transformers on the same
//! model (tests/fixtures/minilm_reference.json, by scripts/minilm-reference-st.py), the
//! properties search relies on, and the skill classifier.

use std::sync::OnceLock;

use hireloop_ai::{AiError, Embedder, MAX_TOKENS, MiniLm, SkillClassifier, cosine};
use hireloop_assets::Assets;

/// `load` run on the installed assets; `None` (with a loud message) when `what` is not
/// installed outside CI. Under CI a missing asset fails the test.
fn installed<T>(what: &str, load: impl FnOnce(&Assets) -> Result<T, AiError>) -> Option<T> {
    let assets = Assets::new(Assets::default_cache_dir());
    match load(&assets) {
        Ok(t) => Some(t),
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("{what} is missing under CI: {e}")
        }
        Err(e) => {
            eprintln!("SKIPPED: {what} is not installed ({e}); run `hireloop setup`");
            None
        }
    }
}

/// The model, loaded once per test binary.
fn model() -> Option<&'static MiniLm> {
    static LOADED: OnceLock<Option<MiniLm>> = OnceLock::new();
    LOADED
        .get_or_init(|| installed("the minilm asset", MiniLm::load))
        .as_ref()
}

#[derive(serde::Deserialize)]
struct Reference {
    texts: Vec<RefText>,
}

#[derive(serde::Deserialize)]
struct RefText {
    text: String,
    tokens: usize,
    vector: Vec<f32>,
}

fn reference() -> Reference {
    let raw = include_str!("fixtures/minilm_reference.json");
    serde_json::from_str(raw).expect("the reference fixture parses")
}

#[test]
fn every_reference_text_matches_its_vector() {
    let Some(m) = model() else { return };
    let r = reference();
    assert!(r.texts.len() >= 20);
    let texts: Vec<&str> = r.texts.iter().map(|t| t.text.as_str()).collect();
    let got = m.embed(&texts).unwrap();
    for (t, v) in r.texts.iter().zip(&got) {
        assert_eq!(
            m.token_ids(&t.text).unwrap().len(),
            t.tokens,
            "tokens of {:?}",
            t.text
        );
        assert_eq!(v.len(), 384);
        let c = cosine(v, &t.vector);
        assert!(c >= 0.999, "cosine {c} for {:?}", t.text);
    }
}

#[test]
fn vectors_have_unit_length_and_do_not_depend_on_the_batch() {
    let Some(m) = model() else { return };
    let texts = [
        "Senior Java developer",
        "Forklift operator, night shift",
        "",
    ];
    let together = m.embed(&texts).unwrap();
    for (i, t) in texts.iter().enumerate() {
        let alone = m.embed(&[t]).unwrap();
        let norm: f32 = together[i].iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
        // Padding in a batch must not change a text's vector.
        assert!(cosine(&alone[0], &together[i]) > 0.99999, "{t:?}");
    }
}

#[test]
fn meaning_outranks_unrelated_text() {
    let Some(m) = model() else { return };
    let v = m
        .embed(&[
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The girl is carrying a baby.",
        ])
        .unwrap();
    assert!(cosine(&v[0], &v[1]) > 0.7);
    assert!(cosine(&v[0], &v[2]) < 0.1);
}

#[test]
fn long_texts_are_cut_at_the_model_limit() {
    let Some(m) = model() else { return };
    let long = "Kubernetes Terraform Python ".repeat(200);
    assert_eq!(m.token_ids(&long).unwrap().len(), MAX_TOKENS);
}

fn classifier() -> Option<SkillClassifier> {
    installed("the skill-extractor asset", SkillClassifier::load)
}

/// Probabilities computed outside Rust (numpy, from the same `mlp.json` and MiniLM files)
/// for the classifier's own input shape.
#[test]
fn the_classifier_scores_as_its_reference_does() {
    let (Some(m), Some(c)) = (model(), classifier()) else {
        return;
    };
    let cases = [
        (
            "python : Senior Backend Engineer. 5+ years Python or Go, REST APIs with FastAPI, \
             PostgreSQL, AWS (ECS, Lambda).",
            0.9988,
        ),
        (
            "communication : Docker and Kubernetes required. Strong communication skills.",
            0.9198,
        ),
        (
            "go : We go above and beyond for our customers every day and want you to join us.",
            0.1215,
        ),
        (
            "attitude : we value a can-do attitude and a friendly team spirit",
            0.5071,
        ),
    ];
    let inputs: Vec<String> = cases.iter().map(|(t, _)| (*t).to_owned()).collect();
    let p = c.score(m, &inputs).unwrap();
    for ((text, want), got) in cases.iter().zip(p) {
        assert!(
            (got - want).abs() < 2e-3,
            "{got} for {text:?}, reference {want}"
        );
    }
    assert!((c.threshold - 0.5).abs() < f32::EPSILON);
}

#[test]
fn the_classifier_reads_twenty_words_before_and_twenty_one_from_the_hit() {
    let Some(c) = classifier() else { return };
    let words: Vec<String> = (0..60).map(|i| format!("w{i}")).collect();
    let text = words.join(" ");
    let start = text.find("w30").unwrap();
    let input = c.input("W30", &text, start);
    let expected = format!("w30 : {}", words[10..51].join(" "));
    assert_eq!(input, expected);
    // At the edges the window is cut, never padded.
    assert_eq!(
        c.input("w0", &text, 0),
        format!("w0 : {}", words[..21].join(" "))
    );
}

/// The static table `hireloop setup` distils; `None` (said loudly) outside CI when it is
/// not built.
fn static_table() -> Option<&'static hireloop_ai::StaticEmbedder> {
    static LOADED: OnceLock<Option<hireloop_ai::StaticEmbedder>> = OnceLock::new();
    LOADED
        .get_or_init(|| installed("the static embedder", hireloop_ai::StaticEmbedder::open))
        .as_ref()
}

#[test]
fn the_static_table_embeds_meaning_with_unit_vectors() {
    let Some(t) = static_table() else { return };
    assert_eq!(t.id().dims, hireloop_ai::STATIC_DIMS);
    let v = t
        .embed(&[
            "Senior Java developer, Spring Boot and microservices",
            "Backend engineer: Java 17, Spring, REST APIs",
            "Registered nurse for the night shift in the ICU",
            "",
        ])
        .unwrap();
    for x in &v[..3] {
        let norm: f32 = x.iter().map(|a| a * a).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
    }
    assert!(
        v[3].iter().all(|a| *a == 0.0),
        "no word pieces, no direction"
    );
    assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]) + 0.1);
    // The same text, the same vector.
    let text = "Data engineer with Python, Airflow and Snowflake";
    assert_eq!(t.embed(&[text]).unwrap(), t.embed(&[text]).unwrap());
}

#[test]
fn a_table_from_another_model_version_is_refused_with_what_to_run() {
    if static_table().is_none() {
        return;
    }
    let assets = Assets::new(Assets::default_cache_dir());
    let path = hireloop_ai::StaticEmbedder::cache_path(&assets);
    let tokenizer = assets
        .file(&hireloop_assets::MINILM, "tokenizer.json")
        .unwrap();
    let err = hireloop_ai::StaticEmbedder::load(&path, &tokenizer, "some-other-model").unwrap_err();
    assert!(err.to_string().contains("distilled from"), "{err}");
}

#[test]
fn chunked_embedding_reads_all_of_a_long_text() {
    let Some(m) = model() else { return };
    let short = "Senior Java developer with Spring Boot and AWS experience";
    // A text that fits is embedded as the plain call does.
    let (plain, chunked) = (
        m.embed(&[short]).unwrap(),
        m.embed_chunked(&[short]).unwrap(),
    );
    assert!(cosine(&plain[0], &chunked[0]) > 0.99999);
    // A long text: the plain call reads only its start, the chunked one all of it.
    let start = "Registered nurse in intensive care, patient monitoring, medication. ".repeat(40);
    let end = "Java developer building Spring Boot microservices on AWS. ".repeat(40);
    let long = format!("{start}{end}");
    assert!(long.split_whitespace().count() > 2 * MAX_TOKENS);
    let v = m.embed_chunked(&[&long, short]).unwrap();
    let plain_long = m.embed(&[&long]).unwrap();
    let norm: f32 = v[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4);
    let java = m.embed(&[&end]).unwrap();
    assert!(
        cosine(&v[0], &java[0]) > cosine(&plain_long[0], &java[0]) + 0.1,
        "the chunked vector knows the text's second half"
    );
    // Texts of a batch do not leak into each other.
    assert!(cosine(&v[1], &chunked[0]) > 0.99999);
}
