//! Tests for duplicate detection, with property tests for symmetry and self-duplication.

use proptest::prelude::*;

use super::*;

fn jane() -> PersonProfile {
    PersonProfile {
        name: "Jane Doe".into(),
        email: Some("jane.doe@example.com".into()),
        phone: Some("(214) 555-0101".into()),
        country: Some("US".into()),
        city: Some("Dallas".into()),
        headline: Some("Senior Java Developer".into()),
        skills: ["Java", "Spring", "AWS", "SQL", "Kafka"]
            .map(String::from)
            .to_vec(),
        linkedin: Some("https://www.linkedin.com/in/janedoe".into()),
    }
}

fn stranger() -> PersonProfile {
    PersonProfile {
        name: "Jane Doe".into(),
        ..PersonProfile::default()
    }
}

#[test]
fn same_email_or_phone_is_a_duplicate() {
    let other = PersonProfile {
        name: "J. Doe".into(),
        email: Some("JANE.DOE@example.com".into()),
        ..PersonProfile::default()
    };
    let s = compare(&jane(), &other).unwrap();
    assert!(s.score >= DUPLICATE_SCORE);
    assert_eq!(s.reasons, ["same e-mail"]);
    let other = PersonProfile {
        name: "Someone Else".into(),
        phone: Some("+1 214 555 0101".into()),
        ..PersonProfile::default()
    };
    let s = compare(&jane(), &other).unwrap();
    assert_eq!(s.reasons, ["same phone"]);
    assert!(s.score >= DUPLICATE_SCORE);
    let s = compare(&jane(), &jane()).unwrap();
    assert!(s.score > 0.99 && s.score <= 1.0, "{}", s.score);
    assert_eq!(
        s.summary(),
        "same e-mail; same phone; same LinkedIn profile; same name; same city; \
         same headline; 5 of 5 skills shared"
    );
}

#[test]
fn same_name_alone_is_not_a_duplicate() {
    assert_eq!(compare(&jane(), &stranger()), None);
    let one_word = PersonProfile {
        name: "Maria".into(),
        city: Some("Dallas".into()),
        ..PersonProfile::default()
    };
    assert_eq!(compare(&one_word, &one_word.clone()), None);
}

#[test]
fn same_name_and_a_near_identical_profile_is_a_suggestion() {
    let other = PersonProfile {
        name: "Doe, Jane".into(),
        email: Some("jdoe@work.example".into()),
        city: Some("dallas".into()),
        skills: ["java", "Spring", "AWS", "SQL"].map(String::from).to_vec(),
        ..PersonProfile::default()
    };
    let s = compare(&jane(), &other).unwrap();
    assert_eq!(s.summary(), "same name; same city; 4 of 5 skills shared");
    assert!(s.score < DUPLICATE_SCORE && s.score >= 0.6, "{}", s.score);
    let far = PersonProfile {
        skills: ["Java", "Go"].map(String::from).to_vec(),
        city: Some("Austin".into()),
        ..other.clone()
    };
    assert_eq!(compare(&jane(), &far), None, "1 of 6 skills, another city");
    let same_city_only = PersonProfile {
        skills: ["Java", "Go"].map(String::from).to_vec(),
        ..other.clone()
    };
    assert_eq!(
        compare(&jane(), &same_city_only),
        None,
        "a name in a city is not enough"
    );
    let city_and_headline = PersonProfile {
        headline: Some("senior java developer".into()),
        ..same_city_only
    };
    assert_eq!(
        compare(&jane(), &city_and_headline).map(|s| s.summary()),
        Some("same name; same city; same headline".into())
    );
    let other_linkedin = PersonProfile {
        linkedin: Some("linkedin.com/in/jane-doe-42".into()),
        ..other
    };
    assert_eq!(
        compare(&jane(), &other_linkedin),
        None,
        "two LinkedIn profiles"
    );
}

#[test]
fn blocking_keys() {
    assert_eq!(
        keys(&jane()),
        [
            "email:jane.doe@example.com",
            "phone:+12145550101",
            "linkedin:linkedin.com/in/janedoe",
            "name:doe jane",
        ]
    );
    let one_word = PersonProfile {
        name: "Cher".into(),
        ..PersonProfile::default()
    };
    assert!(keys(&one_word).is_empty());
}

#[test]
fn profiles_from_entities() {
    use hireloop_domain::entities::parse_entity;
    let c: Candidate = parse_entity(serde_json::json!({
        "first_name": "Jane", "last_name": "Doe", "email": "jane@example.com",
        "phone": "2145550101", "location": {"city": "Dallas", "region": "TX", "country": "US"},
        "skills": [{"name": "Java"}], "linkedin_url": "https://linkedin.com/in/jane"
    }))
    .unwrap();
    let p = PersonProfile::from(&c);
    assert_eq!(p.name, "Jane Doe");
    assert_eq!(p.phone.as_deref(), Some("+12145550101"));
    assert_eq!(p.skills, ["Java"]);
    let k: Contact = parse_entity(serde_json::json!({
        "first_name": "Jane", "last_name": "Doe", "email": "jane@example.com"
    }))
    .unwrap();
    let s = compare(&p, &PersonProfile::from(&k)).unwrap();
    assert_eq!(s.reasons, ["same e-mail", "same name"]);
}

fn profile() -> impl Strategy<Value = PersonProfile> {
    let name = prop::sample::select(vec![
        "Jane Doe",
        "Doe, Jane",
        "John Smith",
        "José Núñez",
        "Cher",
        "",
    ]);
    let email = prop::option::of(prop::sample::select(vec![
        "jane@example.com",
        "JANE@example.com",
        "john@example.com",
        "bad-address",
    ]));
    let phone = prop::option::of(prop::sample::select(vec![
        "214-555-0101",
        "+12145550101",
        "972-555-0102",
    ]));
    let city = prop::option::of(prop::sample::select(vec!["Dallas", "dallas", "Austin"]));
    let skills = prop::collection::vec(
        prop::sample::select(vec!["Java", "Go", "SQL", "AWS", "java"]),
        0..5,
    );
    let linkedin = prop::option::of(prop::sample::select(vec![
        "linkedin.com/in/a",
        "https://www.linkedin.com/in/a/",
        "linkedin.com/in/b",
    ]));
    (name, email, phone, city, skills, linkedin).prop_map(|(n, e, p, c, s, l)| PersonProfile {
        name: n.into(),
        email: e.map(String::from),
        phone: p.map(String::from),
        country: Some("US".into()),
        city: c.map(String::from),
        headline: None,
        skills: s.into_iter().map(String::from).collect(),
        linkedin: l.map(String::from),
    })
}

proptest! {
    #[test]
    fn compare_is_symmetric_and_bounded(a in profile(), b in profile()) {
        let ab = compare(&a, &b);
        prop_assert_eq!(&ab, &compare(&b, &a));
        if let Some(s) = ab {
            prop_assert!((0.0..=1.0).contains(&s.score));
            prop_assert!(!s.reasons.is_empty());
            // The blocking keys would have brought the pair together.
            let ka = keys(&a);
            prop_assert!(keys(&b).iter().any(|k| ka.contains(k)));
        }
    }

    #[test]
    fn a_profile_with_an_email_duplicates_itself(p in profile()) {
        if email_key(p.email.as_deref().unwrap_or("")).is_some() {
            let s = compare(&p, &p).unwrap();
            prop_assert!(s.score >= DUPLICATE_SCORE);
            prop_assert!(s.reasons.contains(&"same e-mail".to_string()));
        }
    }

    #[test]
    fn name_key_ignores_order_case_and_accents(
        words in prop::collection::vec("[a-zA-Z]{1,8}", 1..4),
    ) {
        let forward = words.join(" ");
        let mut rev = words.clone();
        rev.reverse();
        let backward = rev.join(", ").to_uppercase();
        prop_assert_eq!(name_key(&forward), name_key(&backward));
        // Reference: lowercase tokens, sorted, noise words removed.
        let mut reference: Vec<String> = words
            .iter()
            .map(|w| w.to_lowercase())
            .filter(|w| !keys::tests_noise(w))
            .collect();
        reference.sort();
        let expected = (!reference.is_empty()).then(|| reference.join(" "));
        prop_assert_eq!(name_key(&forward), expected);
    }
}
