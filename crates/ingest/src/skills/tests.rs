//! Taxonomy building, normalisation and extraction on a small gazetteer.

use super::*;

fn taxonomy() -> Taxonomy {
    Taxonomy::from_forms(&[
        "java",
        "javascript",
        "go",
        "golang",
        "kubernetes",
        "react",
        "reactjs",
        "sql server",
        "ms sql",
        ".net",
        ".net core",
        ".net 6",
        "node.js",
        "python",
        "rust",
        "swift",
        "machine learning",
        "restful api",
        "restful apis",
        "c++",
        "c#",
        "ci/cd",
        "aws",
        "excel",
        "docker",
        "terraform",
        "qa",
        "ai",
        "postgresql",
        "java 8",
        "data analysis",
    ])
}

fn names(t: &Taxonomy, text: &str) -> Vec<String> {
    t.extract(text).into_iter().map(|m| m.name).collect()
}

#[test]
fn spellings_fold_to_one_canonical_skill() {
    let t = taxonomy();
    for (spelling, canonical) in [
        ("JS", "JavaScript"),
        ("k8s", "Kubernetes"),
        ("MS SQL", "SQL Server"),
        ("mssql", "SQL Server"),
        (".NET Core", ".NET"),
        (".net 6", ".NET"),
        ("ReactJS", "React"),
        ("React.js", "React"),
        ("Java 8", "Java"),
        ("Python 3.10", "Python"),
        ("golang", "Go"),
        ("RESTful APIs", "REST APIs"),
        ("CI-CD", "CI/CD"),
        ("postgres", "PostgreSQL"),
        ("Data Analysis", "Data Analysis"),
    ] {
        assert_eq!(t.canonical(spelling), Some(canonical), "{spelling}");
    }
    assert_eq!(t.canonical("basket weaving"), None);
}

#[test]
fn gazetteer_forms_get_readable_names() {
    let t = Taxonomy::from_forms(&["sql", "machine learning", "design of experiments", "ios"]);
    assert_eq!(t.canonical("sql"), Some("SQL"));
    assert_eq!(
        t.canonical("design of experiments"),
        Some("Design of Experiments")
    );
    assert_eq!(t.canonical("ios"), Some("iOS"));
}

#[test]
fn java_does_not_fire_inside_javascript() {
    let t = taxonomy();
    assert_eq!(names(&t, "Senior JavaScript developer"), ["JavaScript"]);
    assert_eq!(names(&t, "Java and Java Script"), ["Java", "JavaScript"]);
}

#[test]
fn longest_spelling_wins_and_offsets_point_at_the_words() {
    let t = taxonomy();
    let text = "Built ML on AWS with machine learning and .NET Core 6";
    let found = t.extract(text);
    let names: Vec<_> = found.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        ["Machine Learning", "AWS", "Machine Learning", ".NET"]
    );
    for m in &found {
        assert_eq!(&text[m.start..m.end], m.surface);
    }
    assert_eq!(found[0].surface, "ML");
    assert_eq!(found[3].surface, ".NET Core");
}

#[test]
fn everyday_words_need_context() {
    let t = taxonomy();
    assert_eq!(names(&t, "Python, Go and Rust"), ["Python", "Go", "Rust"]);
    assert_eq!(names(&t, "Strong experience with Go"), ["Go"]);
    assert!(names(&t, "Go to market with our team").is_empty());
    assert!(names(&t, "I like to go hiking and rust removal").is_empty());
    assert!(names(&t, "You will excel in a fast team").is_empty());
    assert_eq!(
        names(&t, "Tools: Excel, SQL Server"),
        ["Excel", "SQL Server"]
    );
    assert!(names(&t, "Swift delivery matters").is_empty());
    assert_eq!(names(&t, "iOS apps written in Swift"), ["iOS", "Swift"]);
    // A title abbreviation's full stop does not start a sentence.
    assert_eq!(names(&t, "Sr. Go Developer"), ["Go"]);
    assert!(names(&t, "It ends. Go home").is_empty());
}

#[test]
fn acronyms_count_in_capitals() {
    let t = taxonomy();
    assert_eq!(
        names(&t, "QA engineer for AI products"),
        ["Quality Assurance", "Artificial Intelligence"]
    );
    assert!(names(&t, "qa ai").is_empty());
    assert_eq!(names(&t, "C++ and C# on Docker"), ["C++", "C#", "Docker"]);
}

#[test]
fn skills_in_lists_each_skill_once() {
    let t = taxonomy();
    assert_eq!(
        t.skills_in("Docker, docker, Kubernetes (k8s), Terraform"),
        ["Docker", "Kubernetes", "Terraform"]
    );
}

#[test]
fn the_version_depends_on_the_data() {
    assert_ne!(
        Taxonomy::from_forms(&["java"]).version(),
        Taxonomy::from_forms(&["java", "rust"]).version()
    );
    assert_eq!(
        Taxonomy::from_forms(&["java"]).version(),
        Taxonomy::from_forms(&["java"]).version()
    );
}

proptest::proptest! {
    #[test]
    fn extraction_never_panics_and_spans_are_ordered(text in "\\PC{0,200}") {
        let t = taxonomy();
        let found = t.extract(&text);
        let mut last = 0;
        for m in found {
            proptest::prop_assert!(m.start >= last && m.end > m.start);
            proptest::prop_assert_eq!(&text[m.start..m.end], m.surface.as_str());
            last = m.end;
        }
    }
}
