//! The keyword side of a search: BM25 over the query's text, as (slot, score, doc
//! address), best first with ties by id.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Count, FilterCollector, TopDocs};
use tantivy::query::Query;
use tantivy::{DocAddress, Searcher};

use super::{Collection, cmp_score};
use crate::{Mode, POOL, Plan, SearchError};

/// Slot, BM25 score and document of each keyword hit.
pub(super) type KeywordHits = Vec<(u32, f32, DocAddress)>;

impl Collection {
    /// The records matching `q` that `allowed` lets through (all live ones when it is
    /// `None`), best first, with how many matched in all. A bare search takes the best
    /// matches and keeps those `ok` lets through.
    pub(super) fn keyword_side(
        &self,
        searcher: &Searcher,
        q: &dyn Query,
        plan: &Plan,
        wanted: usize,
        allowed: &Option<Arc<Vec<bool>>>,
        ok: &dyn Fn(u32) -> bool,
    ) -> Result<(KeywordHits, usize), SearchError> {
        let slots = &self.slots;
        let mut kw: KeywordHits = Vec::new();
        let kw_total;
        let pool = if plan.mode == Mode::Keyword {
            wanted + 1
        } else {
            POOL.max(wanted + 1)
        };
        // Best score first, then smallest id: a page boundary inside a run of equal
        // scores cuts the same way every time.
        let top = TopDocs::with_limit(pool).tweak_score(|seg: &tantivy::SegmentReader| {
            let hi = seg.fast_fields().u64("idk").ok();
            let lo = seg.fast_fields().u64("idl").ok();
            move |doc: tantivy::DocId, score: tantivy::Score| {
                let get = |c: &Option<tantivy::columnar::Column<u64>>| {
                    c.as_ref().and_then(|c| c.first(doc)).unwrap_or(u64::MAX)
                };
                (score, std::cmp::Reverse((get(&hi), get(&lo))))
            }
        });
        let docs: Vec<(f32, DocAddress)> = if plan.bare {
            // Recall for matching wants the best few hundred, not a count or an
            // id-ordered cut: plain top-k by score lets tantivy skip blocks that cannot
            // enter it (an OR of common skills matches half of a large tenant), and
            // the filters apply to what it returns (the semantic side is filtered
            // during its scan). Hits are ordered by id below; only which of the
            // records tied at the cut get in follows the index's document order.
            let docs = searcher.search(q, &TopDocs::with_limit(pool).order_by_score())?;
            kw_total = docs.len();
            docs
        } else {
            let (docs, count) = match &allowed {
                Some(a) => {
                    let a = a.clone();
                    let pred = move |slot: u64| a.get(slot as usize).copied().unwrap_or(false);
                    let c = FilterCollector::new("slot".to_string(), pred, (top, Count));
                    searcher.search(q, &c)?
                }
                None => searcher.search(q, &(top, Count))?,
            };
            kw_total = count;
            docs.into_iter()
                .map(|((score, _), addr)| (score, addr))
                .collect()
        };
        // One fast-field column per segment, not per hit (a hybrid query keeps up to
        // a thousand hits).
        let mut columns: HashMap<u32, Option<tantivy::columnar::Column<u64>>> = HashMap::new();
        for (score, addr) in docs {
            let col = columns.entry(addr.segment_ord).or_insert_with(|| {
                searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .u64("slot")
                    .ok()
            });
            let slot = col
                .as_ref()
                .and_then(|c| c.first(addr.doc_id))
                .map(|s| s as u32)
                .filter(|s| (*s as usize) < slots.len());
            if let Some(slot) = slot
                && slots.alive[slot as usize]
                && (!plan.bare || ok(slot))
            {
                kw.push((slot, score, addr));
            }
        }
        kw.sort_by(|a, b| {
            cmp_score(a.1, b.1).then(slots.ids[a.0 as usize].cmp(&slots.ids[b.0 as usize]))
        });
        Ok((kw, kw_total))
    }
}
