//! Skill extraction where precision matters (one resume, one requirement): the
//! taxonomy's deterministic matches, each then kept only if the skill classifier reads
//! its context as a skill. Bulk work uses the deterministic extractor alone.

use std::sync::Arc;

use hireloop_ai::{AiError, Embedder, SkillClassifier};
use hireloop_ingest::skills::{SkillMatch, Taxonomy};

/// The taxonomy, the classifier and the embedder it reads.
pub struct PreciseSkills {
    taxonomy: Arc<Taxonomy>,
    classifier: Arc<SkillClassifier>,
    embedder: Arc<dyn Embedder>,
}

impl std::fmt::Debug for PreciseSkills {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreciseSkills")
            .field("model", &self.embedder.id())
            .field("classifier", &self.classifier)
            .finish_non_exhaustive()
    }
}

impl PreciseSkills {
    pub fn new(
        taxonomy: Arc<Taxonomy>,
        classifier: Arc<SkillClassifier>,
        embedder: Arc<dyn Embedder>,
    ) -> Self {
        Self {
            taxonomy,
            classifier,
            embedder,
        }
    }

    /// Each text's accepted skill mentions, in order. The mentions of all texts are
    /// embedded together, so many short texts cost about as much as one long one.
    pub fn extract_many(&self, texts: &[String]) -> Result<Vec<Vec<SkillMatch>>, AiError> {
        let found: Vec<Vec<SkillMatch>> = texts.iter().map(|t| self.taxonomy.extract(t)).collect();
        let inputs: Vec<String> = texts
            .iter()
            .zip(&found)
            .flat_map(|(text, matches)| {
                matches
                    .iter()
                    .map(|m| self.classifier.input(&m.surface, text, m.start))
            })
            .collect();
        let mut scores = self
            .classifier
            .score(self.embedder.as_ref(), &inputs)?
            .into_iter();
        let threshold = self.classifier.threshold;
        Ok(found
            .into_iter()
            .map(|matches| {
                matches
                    .into_iter()
                    .filter(|_| scores.next().is_some_and(|p| p >= threshold))
                    .collect()
            })
            .collect())
    }

    /// The accepted skill mentions in one text.
    pub fn extract(&self, text: &str) -> Result<Vec<SkillMatch>, AiError> {
        Ok(self
            .extract_many(&[text.to_owned()])?
            .pop()
            .unwrap_or_default())
    }
}

/// What the classifier made of a parse's skills: the values it kept a mention of, and
/// those whose every mention it read as something else.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SkillCheck {
    /// `classifier` when the classifier read the text; `taxonomy` when it could not be
    /// loaded (the matches are then kept unchecked) or was not asked for.
    pub by: &'static str,
    /// Skills dropped: found by the taxonomy, rejected in every place they occur.
    pub rejected: Vec<String>,
}

impl PreciseSkills {
    /// Keeps the skill values of `lists` (canonical names from `text`) that the
    /// classifier accepts at least once; values the taxonomy does not find in `text`
    /// (added some other way) are kept.
    pub fn filter<T>(
        &self,
        text: &str,
        lists: &mut [&mut Vec<T>],
        value: impl Fn(&T) -> &str,
    ) -> Result<SkillCheck, AiError> {
        let found: std::collections::HashSet<String> = self
            .taxonomy
            .extract(text)
            .into_iter()
            .map(|m| m.name)
            .collect();
        let kept: std::collections::HashSet<String> =
            self.extract(text)?.into_iter().map(|m| m.name).collect();
        let mut rejected = Vec::new();
        for list in lists.iter_mut() {
            list.retain(|item| {
                let v = value(item);
                let keep = !found.contains(v) || kept.contains(v);
                if !keep {
                    rejected.push(v.to_string());
                }
                keep
            });
        }
        rejected.sort();
        rejected.dedup();
        Ok(SkillCheck {
            by: "classifier",
            rejected,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use hireloop_ai::MiniLm;

    use super::*;

    /// The installed assets; `None` (said loudly) outside CI when they are missing.
    fn precise() -> Option<&'static PreciseSkills> {
        static LOADED: OnceLock<Option<PreciseSkills>> = OnceLock::new();
        LOADED
            .get_or_init(|| {
                let assets =
                    hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir());
                let load = || -> Result<PreciseSkills, Box<dyn std::error::Error>> {
                    let skills = assets.file(&hireloop_assets::SKILL_EXTRACTOR, "skills.json")?;
                    Ok(PreciseSkills::new(
                        Arc::new(Taxonomy::load(&skills)?),
                        Arc::new(SkillClassifier::load(&assets)?),
                        Arc::new(MiniLm::load(&assets)?),
                    ))
                };
                match load() {
                    Ok(p) => Some(p),
                    Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
                        panic!("assets missing under CI: {e}")
                    }
                    Err(e) => {
                        eprintln!("SKIPPED: assets not installed ({e}); run `hireloop setup`");
                        None
                    }
                }
            })
            .as_ref()
    }

    #[test]
    fn keeps_skills_in_context_and_answers_per_text() {
        let Some(p) = precise() else { return };
        let texts = [
            "Senior backend engineer: 5+ years of Python and PostgreSQL, REST APIs on AWS."
                .to_owned(),
            String::new(),
            "Data engineer with Spark, Airflow and SQL; Kafka a plus.".to_owned(),
        ];
        let together = p.extract_many(&texts).unwrap();
        assert_eq!(together.len(), texts.len());
        let names = |ms: &[SkillMatch]| ms.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
        for (text, got) in texts.iter().zip(&together) {
            // Only the taxonomy's own matches, in order, and the same whatever the batch.
            let all = p.taxonomy.extract(text);
            assert!(got.iter().all(|m| all.contains(m)), "{got:?} ⊄ {all:?}");
            assert_eq!(names(got), names(&p.extract(text).unwrap()));
        }
        let first = names(&together[0]);
        assert!(
            first.contains(&"Python".to_owned()) && first.contains(&"PostgreSQL".to_owned()),
            "{first:?}"
        );
        assert!(together[1].is_empty());
    }

    #[test]
    fn the_classifier_rejects_a_skill_name_used_for_something_else() {
        let Some(p) = precise() else { return };
        // "access control" at a front desk is a door, not the security discipline.
        let text = "Responsible for access control at the front desk and greeting visitors. \
                    Strong Excel skills.";
        let all: Vec<String> = p
            .taxonomy
            .extract(text)
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert!(all.contains(&"Access Control".to_owned()), "{all:?}");
        let mut skills: Vec<String> = all.clone();
        let mut preferred = vec!["Access Control".to_owned(), "Typing".to_owned()];
        let check = p
            .filter(text, &mut [&mut skills, &mut preferred], |s| s.as_str())
            .unwrap();
        assert_eq!(check.by, "classifier");
        assert!(!skills.contains(&"Access Control".to_owned()), "{skills:?}");
        assert!(skills.contains(&"Excel".to_owned()), "{skills:?}");
        // Dropped from every list; a value the taxonomy did not find here is kept.
        assert_eq!(preferred, ["Typing"]);
        assert_eq!(check.rejected, ["Access Control"]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_single_requirement_parse_drops_what_the_classifier_rejects() {
        let Some(p) = precise() else { return };
        let db = hireloop_store::testing::TestDb::new(hireloop_store::Backend::Sqlite).await;
        let dir = tempfile::tempdir().unwrap();
        let files = hireloop_store::Files::local(dir.path()).unwrap();
        let assets = hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir());
        let plain = crate::imports::Ingest::new(db.store.clone(), files, p.taxonomy.clone());
        let checked = plain
            .clone()
            .with_skill_classifier(crate::embeddings::Embedders::from_assets(assets));
        let text = "Responsible for access control at the front desk and greeting visitors. \
                    Strong Excel skills."
            .to_string();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let names = |o: &crate::imports::RequirementOutput| -> Vec<String> {
            o.parse
                .required_skills
                .iter()
                .chain(&o.parse.preferred_skills)
                .map(|f| f.value.clone())
                .collect()
        };
        let before = plain.parse_requirement_text(text.clone(), today).await;
        assert_eq!(before.skill_check.by, "taxonomy");
        assert!(
            names(&before).contains(&"Access Control".to_string()),
            "{:?}",
            names(&before)
        );
        let after = checked.parse_requirement_text(text, today).await;
        assert_eq!(after.skill_check.by, "classifier");
        assert_eq!(after.skill_check.rejected, ["Access Control"]);
        assert!(!names(&after).contains(&"Access Control".to_string()));
        assert!(
            names(&after).iter().any(|n| n.contains("Excel")),
            "{:?}",
            names(&after)
        );
        // The record the parse makes is built from the checked skills.
        assert!(!after.requirement.to_string().contains("Access Control"));
        db.cleanup().await;
    }
}
