//! Tests for the NER evaluation: reading, matching and the report's shape.

use super::*;
use crate::resume::SkillMention;

struct Words(&'static [&'static str]);

impl SkillSpotter for Words {
    fn spot(&self, text: &str) -> Vec<SkillMention> {
        let lower = text.to_lowercase();
        let mut out = Vec::new();
        for w in self.0 {
            for (i, _) in lower.match_indices(&w.to_lowercase()) {
                out.push(SkillMention {
                    name: (*w).to_string(),
                    start: i,
                    end: i + w.len(),
                });
            }
        }
        out
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 15).unwrap()
}

const RESUME: &str = "Jane Doe\\nSenior Engineer - Acme Corp\\n\\nDallas, TX - Email me on Indeed: indeed.com/r/Jane-Doe/0a1b2c\\n\\nWORK EXPERIENCE\\n\\nSenior Engineer\\n\\nAcme Corp -  Dallas, TX -\\n\\nJanuary 2019 to Present\\n\\nEDUCATION\\n\\nB.S. in Physics\\n\\nRice University -  Houston, TX\\n\\n2014\\n\\nSKILLS\\n\\nGo (5 years), Rust (2 years), Haskell\\n";

fn line(annotations: &str) -> String {
    let annotations = annotations.replace('\n', " ");
    format!("{{\"content\": \"{RESUME}\", \"annotation\": [{annotations}], \"extras\": null}}")
}

#[test]
fn perfect_and_imperfect_fields() {
    let ann = r#"{"label": ["Name"], "points": [{"start": 0, "end": 7, "text": "Jane Doe"}]},
        {"label": ["Email Address"], "points": [{"start": 69, "end": 99, "text": "Indeed: indeed.com/r/Jane-Doe/0a1b2c"}]},
        {"label": ["Companies worked at"], "points": [{"start": 125, "end": 133, "text": "Acme Corp"}]},
        {"label": ["Designation"], "points": [{"start": 9, "end": 24, "text": "Senior Engineer"}]},
        {"label": ["Location"], "points": [{"start": 45, "end": 50, "text": "Dallas"}]},
        {"label": ["Degree"], "points": [{"start": 0, "end": 0, "text": "B.S. in Physics"}]},
        {"label": ["College Name"], "points": [{"start": 0, "end": 0, "text": "Rice University"}]},
        {"label": ["Skills"], "points": [{"start": 0, "end": 0, "text": "Go (5 years), Rust (2 years), Haskell, Java"}]},
        {"label": ["Graduation Year"], "points": [{"start": 0, "end": 0, "text": "2014"}]}"#;
    let input = line(ann);
    let spotter = Words(&["Go", "Rust"]);
    let (report, misses) = evaluate_ner_detailed(input.as_bytes(), &spotter, today()).unwrap();
    assert_eq!(report.documents(), 1);
    for f in [
        "name",
        "email",
        "companies",
        "designation",
        "degree",
        "college",
    ] {
        let s = report.field(f).unwrap();
        assert_eq!((s.tp, s.fp, s.fn_), (1, 0, 0), "{f}: {misses:?}");
    }
    let loc = report.field("location").unwrap();
    assert_eq!(loc.tp, 1, "{misses:?}");
    let skills = report.field("skills").unwrap();
    // Go, Rust, Haskell found; Java missed.
    assert_eq!((skills.tp, skills.fn_), (3, 1), "{misses:?}");
    assert!((skills.recall - 0.75).abs() < 1e-9);
    // No phone in gold or predicted.
    assert_eq!(
        report.field("phone").unwrap().tp + report.field("phone").unwrap().fp,
        0
    );
}

#[test]
fn report_shape_is_stable() {
    let report = evaluate_ner(line("").as_bytes(), &Words(&[]), today()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // serde_json sorts object keys; the serialized order is checked on the string.
    let names: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
    let mut expected: Vec<String> = NER_FIELDS.iter().map(|s| s.to_string()).collect();
    expected.sort();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, expected);
    let text = serde_json::to_string(&report).unwrap();
    let positions: Vec<usize> = NER_FIELDS
        .iter()
        .map(|f| text.find(&format!("\"{f}\"")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert_eq!(keys.len(), NER_FIELDS.len());
    let name = &json["name"];
    for k in ["precision", "recall", "f1", "tp", "fp", "fn"] {
        assert!(name.get(k).is_some(), "{k}");
    }
    assert!(report.table().contains("precision"));
    assert!(report.table().lines().count() >= 10);
}

#[test]
fn malformed_lines_name_their_number() {
    let input = format!("{}\n\nnot json\n", line(""));
    let err = evaluate_ner(input.as_bytes(), &Words(&[]), today()).unwrap_err();
    assert!(matches!(err, EvalError::Malformed { line: 3, .. }), "{err}");
    assert!(err.to_string().contains("line 3"));
    let err = evaluate_ner("{\"annotation\": []}".as_bytes(), &Words(&[]), today()).unwrap_err();
    assert!(err.to_string().contains("content"), "{err}");
    let bad_points =
        r#"{"content": "x", "annotation": [{"label": ["Name"], "points": [{"start": "a"}]}]}"#;
    assert!(evaluate_ner(bad_points.as_bytes(), &Words(&[]), today()).is_err());
}
