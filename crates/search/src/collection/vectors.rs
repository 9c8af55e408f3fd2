//! The vector side of a collection: the exact int8 scan on every core, its f32 rescore,
//! and the brute-force reference it is measured against.

use std::cmp::Ordering;

use uuid::Uuid;

use super::{Collection, MIN_RESCORE, RESCORE_FACTOR, cmp_score};
use crate::SearchError;
use crate::slots::{DotI8, quantise};

impl Collection {
    /// The `k` live, allowed slots whose vectors are nearest `qv`, best first, with
    /// their cosine similarity and whether it is exact. An exact int8 scan (on every
    /// core) ranks them all; the best `RESCORE_FACTOR × wanted` (at least `MIN_RESCORE`)
    /// are rescored with their f32 vectors and lead in that order, so the first `wanted`
    /// are in exact order; the rest follow by their int8 estimate. Ties break by slot in
    /// the scan and by id after.
    pub(super) fn nearest(
        &self,
        qv: &[f32],
        k: usize,
        wanted: usize,
        ok: &(dyn Fn(u32) -> bool + Sync),
        exact: bool,
    ) -> Result<Vec<(u32, f32, bool)>, SearchError> {
        let slots = &self.slots;
        let (qq, q_scale) = quantise(qv);
        let dot = DotI8::detect();
        let rescore = if exact {
            (wanted * RESCORE_FACTOR).max(MIN_RESCORE)
        } else {
            0
        };
        let keep = k.max(rescore);
        let n = slots.len();
        let parts = threads_for(n);
        let chunk = n.div_ceil(parts).max(1);
        let mut best: Vec<Scored> = std::thread::scope(|sc| {
            let handles: Vec<_> = (0..parts)
                .map(|p| {
                    let (from, to) = ((p * chunk).min(n), ((p + 1) * chunk).min(n));
                    let qq = &qq;
                    sc.spawn(move || {
                        let mut heap: std::collections::BinaryHeap<std::cmp::Reverse<Scored>> =
                            std::collections::BinaryHeap::with_capacity(keep + 1);
                        for slot in from as u32..to as u32 {
                            let scale = slots.scale[slot as usize];
                            if scale == 0.0 {
                                continue;
                            }
                            let s = Scored(dot.dot(qq, slots.q8(slot)) as f32 * scale, slot);
                            // Whether the slot is live and allowed is looked up only for
                            // a vector that would make the list: most do not.
                            let full = heap.len() >= keep;
                            if full && heap.peek().is_none_or(|low| s <= low.0) {
                                continue;
                            }
                            if !ok(slot) {
                                continue;
                            }
                            if full {
                                heap.pop();
                            }
                            heap.push(std::cmp::Reverse(s));
                        }
                        heap.into_iter().map(|r| r.0).collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("vector scan thread"))
                .collect()
        });
        // Best first; the order of `Scored` is total, so the split does not matter.
        best.sort_by(|a, b| b.cmp(a));
        best.truncate(keep);
        let rescored = rescore.min(best.len());
        let mut out: Vec<(u32, f32, bool)> = best[..rescored]
            .iter()
            .map(|s| Ok((s.1, cosine(qv, &slots.vector(s.1)?), true)))
            .collect::<Result<_, SearchError>>()?;
        out.sort_by(|a, b| {
            cmp_score(a.1, b.1).then(slots.ids[a.0 as usize].cmp(&slots.ids[b.0 as usize]))
        });
        out.extend(best[rescored..].iter().map(|s| (s.1, s.0 * q_scale, false)));
        out.truncate(k);
        Ok(out)
    }

    /// For each query vector, the `k` live records nearest it by a brute-force scan of
    /// the stored f32 vectors, best first (ties by id): the reference the int8 scan's
    /// recall is measured against (see the search benchmark). Reads every vector once.
    pub fn exact_nearest(
        &self,
        queries: &[Vec<f32>],
        k: usize,
    ) -> Result<Vec<Vec<(Uuid, f32)>>, SearchError> {
        let slots = &self.slots;
        let mut best: Vec<Vec<(Uuid, f32)>> = vec![Vec::new(); queries.len()];
        for slot in 0..slots.len() as u32 {
            if !slots.alive[slot as usize] || !slots.has_vector(slot) {
                continue;
            }
            let v = slots.vector(slot)?;
            let id = slots.ids[slot as usize];
            for (q, b) in queries.iter().zip(&mut best) {
                b.push((id, cosine(q, &v)));
                if b.len() > 4 * k.max(64) {
                    b.sort_by(|x, y| cmp_score(x.1, y.1).then(x.0.cmp(&y.0)));
                    b.truncate(k);
                }
            }
        }
        for b in &mut best {
            b.sort_by(|x, y| cmp_score(x.1, y.1).then(x.0.cmp(&y.0)));
            b.truncate(k);
        }
        Ok(best)
    }
}

pub(super) fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// An int8 similarity estimate and its slot: higher estimates first, then lower slots.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scored(f32, u32);

impl Eq for Scored {}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0).then(other.1.cmp(&self.1))
    }
}

/// Below this many slots a scan runs on one thread (a thread costs more than it saves).
const PARALLEL_FROM: usize = 50_000;

/// How many threads a scan over `n` slots uses: every core, up to four.
pub(super) fn threads_for(n: usize) -> usize {
    if n < PARALLEL_FROM {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |c| c.get().min(4))
}

/// Runs `f(start, part)` over consecutive parts of `out`, one per thread.
pub(super) fn par_chunks<T: Send>(out: &mut [T], f: impl Fn(usize, &mut [T]) + Sync) {
    let parts = threads_for(out.len());
    let chunk = out.len().div_ceil(parts).max(1);
    std::thread::scope(|sc| {
        for (i, part) in out.chunks_mut(chunk).enumerate() {
            let f = &f;
            sc.spawn(move || f(i * chunk, part));
        }
    });
}
