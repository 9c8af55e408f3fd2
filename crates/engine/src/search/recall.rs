//! Recall for matching: a structured query (the subject's skills and titles as
//! alternatives, hard filters already resolved, the subject's meaning text for the
//! vector side) run as one hybrid search over the index, returning hits without loading
//! their records. The matcher loads and reranks them.

use hireloop_ai::Embedder;
use hireloop_search::{Expr, Filters, Fusion, Hit, Mode, POOL, Plan};
use hireloop_store::Scope;

use super::{Kind, Result, Search, SearchFailure, task_err};

/// What a recommendation asks the index for.
#[derive(Debug, Clone)]
pub struct Recall {
    pub kind: Kind,
    /// Keyword side: any of these words and phrases (`None`: the semantic side alone,
    /// or a listing when there is no vector either).
    pub expr: Option<Expr>,
    pub filters: Filters,
    /// The text the subject's vector is made from (as the index makes its documents').
    pub meaning: String,
    /// How many hits to return, at most [`POOL`].
    pub pool: usize,
}

/// The pool, best first, and whether the semantic side took part.
#[derive(Debug, Clone)]
pub struct Recalled {
    pub hits: Vec<Hit>,
    pub semantic: bool,
}

impl Search {
    /// Runs a recall for the scope's tenant. Without current vectors (no embedder, or a
    /// rebuild for a new model) it runs on the keyword side alone.
    pub async fn recall(&self, scope: &Scope, r: Recall) -> Result<Recalled> {
        let h = self.handle(scope, r.kind).await?;
        self.catch_up_inline(scope, &h).await?;
        let semantic = h.vectors_current() && !r.meaning.trim().is_empty();
        let mode = match (semantic, r.expr.is_some()) {
            (true, true) => Mode::Hybrid,
            (true, false) => Mode::Semantic,
            (false, _) => Mode::Keyword,
        };
        let plan = Plan {
            expr: r.expr,
            filters: r.filters,
            vector: None,
            mode,
            fusion: Fusion::default(),
            offset: 0,
            limit: r.pool.clamp(1, POOL),
            bare: true,
        };
        let handle = h.clone();
        let meaning = r.meaning;
        let hits = tokio::task::spawn_blocking(move || {
            let mut plan = plan;
            if plan.mode != Mode::Keyword
                && let Some(e) = &handle.embedder
            {
                plan.vector = e
                    .embed(&[meaning.as_str()])
                    .map_err(|e| SearchFailure::Unavailable(e.to_string()))?
                    .pop();
            }
            let col = handle.col.read().expect("collection lock");
            Ok::<_, SearchFailure>(col.search(&plan)?.hits)
        })
        .await
        .map_err(task_err)??;
        Ok(Recalled { hits, semantic })
    }
}
