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
}
