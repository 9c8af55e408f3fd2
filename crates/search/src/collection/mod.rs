//! One tenant's records of one kind, searchable by keyword, meaning and filters.
//!
//! On disk, a collection is a directory: `collection.json` (format version, model, vector
//! dimensions), `keyword/` (tantivy) and `docs.bin` (the slot log). Each commit writes the
//! slot log's length and the last change-log sequence applied into tantivy's commit
//! payload, so both parts always reopen at the same commit.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use uuid::Uuid;

use crate::analyzer::{self, EXACT, STEMMED};
use crate::keyword::{self, Analyzers, Fields, LeafWeights};
use crate::slots::{Slots, dot_i8, quantise};
use crate::{Doc, Fusion, Hit, Mode, POOL, Plan, Results, SearchError};

/// Bumped whenever what a collection stores, or how, changes; an index of another
/// format is rebuilt from the store.
pub const COLLECTION_FORMAT: u32 = 3;
/// Memory tantivy's writer may buffer before it flushes a segment.
const WRITER_HEAP: usize = 96 << 20;
/// The f32 rescore reads this many times the wanted results (at least `MIN_RESCORE`)
/// from the int8 scan's best.
const RESCORE_FACTOR: usize = 4;
const MIN_RESCORE: usize = 200;
/// The sequence a partial build commits with.
const UNFINISHED: i64 = -1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Header {
    format: u32,
    model: String,
    dims: usize,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Payload {
    last_seq: i64,
    slots_len: u64,
}

/// What a collection holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionInfo {
    pub docs: usize,
    pub last_seq: i64,
    pub model: String,
    pub dims: usize,
    /// Created empty by this open (new, or another format or model was found and
    /// discarded): it needs a full build from the store.
    pub fresh: bool,
}

pub struct Collection {
    dir: PathBuf,
    writer: IndexWriter<TantivyDocument>,
    reader: IndexReader,
    fields: Fields,
    slots: Slots,
    header: Header,
    last_seq: i64,
    fresh: bool,
}

impl std::fmt::Debug for Collection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collection")
            .field("dir", &self.dir)
            .field("docs", &self.slots.live())
            .field("last_seq", &self.last_seq)
            .finish()
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> SearchError + '_ {
    move |e| SearchError::io(path, e)
}

impl Collection {
    /// Opens the collection in `dir` for vectors of `model` with `dims` dimensions,
    /// creating it (empty, [`CollectionInfo::fresh`]) when there is none or the one there
    /// is of another format or model.
    pub fn open(dir: &Path, model: &str, dims: usize) -> Result<Self, SearchError> {
        let want = Header {
            format: COLLECTION_FORMAT,
            model: model.to_string(),
            dims,
        };
        let header_path = dir.join("collection.json");
        let found: Option<Header> = std::fs::read(&header_path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        let keyword_dir = dir.join("keyword");
        let mut fresh = found.as_ref() != Some(&want);
        if fresh && dir.exists() {
            std::fs::remove_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::create_dir_all(&keyword_dir).map_err(io(&keyword_dir))?;
        let (schema, fields) = Fields::schema();
        let index = if fresh {
            Index::create_in_dir(&keyword_dir, schema)?
        } else {
            let d = MmapDirectory::open(&keyword_dir)
                .map_err(|e| SearchError::Corrupt(e.to_string()))?;
            Index::open(d)?
        };
        index.tokenizers().register(EXACT, analyzer::exact());
        index.tokenizers().register(STEMMED, analyzer::stemmed());
        let payload: Option<Payload> = index
            .load_metas()?
            .payload
            .and_then(|p| serde_json::from_str(&p).ok());
        if !fresh && payload.is_none_or(|p| p.last_seq == UNFINISHED) {
            // Created but never committed, or a build cut off: start over.
            fresh = true;
        }
        let slots = Slots::open(&dir.join("docs.bin"), dims, payload.map(|p| p.slots_len))?;
        if fresh {
            let tmp = dir.join("collection.json.tmp");
            std::fs::write(&tmp, serde_json::to_vec(&want).expect("header serialises"))
                .map_err(io(&tmp))?;
            std::fs::rename(&tmp, &header_path).map_err(io(&header_path))?;
        }
        let writer = index
            .writer_with_num_threads(1, WRITER_HEAP)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::LockBusy,
                    _,
                ) => SearchError::InUse(dir.display().to_string()),
                e => e.into(),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            dir: dir.to_path_buf(),
            writer,
            reader,
            fields,
            slots,
            header: want,
            last_seq: payload.map_or(0, |p| p.last_seq.max(0)),
            fresh,
        })
    }

    /// The model and dimensions of the vectors of the collection in `dir`, when there is
    /// one of this format (complete or not).
    pub fn stored_model(dir: &Path) -> Option<(String, usize)> {
        let h: Header =
            serde_json::from_slice(&std::fs::read(dir.join("collection.json")).ok()?).ok()?;
        (h.format == COLLECTION_FORMAT).then_some((h.model, h.dims))
    }

    /// The model of the collection's vectors.
    pub fn model(&self) -> &str {
        &self.header.model
    }

    pub fn info(&self) -> CollectionInfo {
        CollectionInfo {
            docs: self.slots.live(),
            last_seq: self.last_seq,
            model: self.header.model.clone(),
            dims: self.header.dims,
            fresh: self.fresh,
        }
    }

    /// The last change-log sequence committed.
    pub fn last_seq(&self) -> i64 {
        self.last_seq
    }

    /// Adds or replaces a record (visible after [`Collection::commit`]).
    pub fn upsert(&mut self, doc: &Doc) -> Result<(), SearchError> {
        let slot = self
            .slots
            .upsert(doc.id, doc.attrs, doc.vector.as_deref())?;
        let f = &self.fields;
        let id = doc.id.to_string();
        self.writer.delete_term(Term::from_field_text(f.id, &id));
        let mut d = TantivyDocument::default();
        d.add_text(f.id, &id);
        d.add_u64(f.slot, u64::from(slot));
        let (hi, lo) = doc.id.as_u64_pair();
        d.add_u64(f.idk, hi);
        d.add_u64(f.idl, lo);
        d.add_text(f.exact, &id);
        for k in &doc.exact {
            d.add_text(f.exact, keyword::exact_key(k));
        }
        for r in &doc.refs {
            d.add_text(f.refs, r.to_string());
        }
        d.add_text(f.name, &doc.name);
        for t in &doc.titles {
            d.add_text(f.title, t);
        }
        for s in &doc.skills {
            d.add_text(f.skill, s);
        }
        for c in &doc.companies {
            d.add_text(f.company, c);
        }
        d.add_text(f.text, &doc.text);
        self.writer.add_document(d)?;
        Ok(())
    }

    /// Forgets a record (after the next commit).
    pub fn remove(&mut self, id: Uuid) -> Result<(), SearchError> {
        self.slots.remove(id)?;
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, &id.to_string()));
        Ok(())
    }

    /// Empties the collection before a full build.
    pub fn clear(&mut self) -> Result<(), SearchError> {
        self.writer.delete_all_documents()?;
        self.slots = Slots::open(&self.dir.join("docs.bin"), self.header.dims, None)?;
        self.last_seq = 0;
        Ok(())
    }

    /// Makes every change so far durable and visible, recording `last_seq` as applied.
    pub fn commit(&mut self, last_seq: i64) -> Result<(), SearchError> {
        let slots_len = self.slots.sync()?;
        let payload = Payload {
            last_seq,
            slots_len,
        };
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&serde_json::to_string(&payload).expect("payload serialises"));
        prepared.commit()?;
        self.reader.reload()?;
        self.last_seq = last_seq;
        self.fresh = false;
        Ok(())
    }

    /// Makes a full build's progress so far durable and visible, marked unfinished: a
    /// collection reopened after a cut-off build starts afresh.
    pub fn commit_partial(&mut self) -> Result<(), SearchError> {
        self.commit(UNFINISHED)?;
        self.fresh = true;
        Ok(())
    }

    /// Runs `plan`. Records are ordered: exact hits, then (keyword and hybrid modes)
    /// records that satisfy the keyword query, then (semantic and hybrid) records found
    /// by meaning alone; within each group by score, ties by id.
    pub fn search(&self, plan: &Plan) -> Result<Results, SearchError> {
        let searcher = self.reader.searcher();
        let mut an = Analyzers::new();
        let slots = &self.slots;
        let wanted = plan.offset + plan.limit;

        // Which slots the filters allow (None: all live ones). A search that counts its
        // matches works them out for every slot at once; a recall (a bare search) asks
        // slot by slot, as it only ever looks at a few thousand slots.
        let prepared = plan.filters.prepare();
        let lazy = plan.bare && plan.filters.exact.is_none() && !plan.filters.is_empty();
        let mut allowed: Option<Vec<bool>> = (!plan.filters.is_empty() && !lazy).then(|| {
            let mut out = vec![false; slots.len()];
            par_chunks(&mut out, |start, part| {
                for (i, o) in part.iter_mut().enumerate() {
                    let s = start + i;
                    *o = slots.alive[s] && prepared.passes(&slots.attrs[s]);
                }
            });
            out
        });
        if let Some(key) = &plan.filters.exact {
            let q = TermQuery::new(
                Term::from_field_text(self.fields.exact, &keyword::exact_key(key)),
                IndexRecordOption::Basic,
            );
            let found = self.slots_of(&searcher, &q, 100)?;
            let mut only = vec![false; slots.len()];
            for s in found {
                only[s as usize] = allowed.as_ref().is_none_or(|a| a[s as usize]);
            }
            allowed = Some(only);
        }
        let allowed = allowed.map(Arc::new);
        let ok = |slot: u32| {
            let s = slot as usize;
            slots.alive[s]
                && match &allowed {
                    Some(a) => a[s],
                    None => !lazy || prepared.passes(&slots.attrs[s]),
                }
        };

        let text_query = plan
            .expr
            .as_ref()
            .and_then(|e| keyword::to_query(&self.fields, &mut an, e));
        let use_keyword = plan.mode != Mode::Semantic && text_query.is_some();
        let use_vector = plan.mode != Mode::Keyword && plan.vector.is_some();

        // Exact hits: a bare word of the query that is a record's key.
        let mut exact: BTreeMap<u32, String> = BTreeMap::new();
        if let Some(e) = &plan.expr {
            for w in keyword::exact_words(e) {
                let q = TermQuery::new(
                    Term::from_field_text(self.fields.exact, &w),
                    IndexRecordOption::Basic,
                );
                for s in self.slots_of(&searcher, &q, 100)? {
                    if ok(s) {
                        exact.entry(s).or_insert_with(|| w.clone());
                    }
                }
            }
        }

        // Keyword side: (slot, bm25, doc address), best first, ties by id.
        let keyword = || match (&text_query, use_keyword) {
            (Some(q), true) => {
                self.keyword_side(&searcher, q.as_ref(), plan, wanted, &allowed, &ok)
            }
            _ => Ok((Vec::new(), 0)),
        };

        // Semantic side: exact int8 scan, f32 rescore of the best.
        let query_vec = plan.vector.as_deref().filter(|_| use_vector);
        let semantic = || -> Result<Vec<(u32, f32, bool)>, SearchError> {
            let Some(qv) = query_vec else {
                return Ok(Vec::new());
            };
            if qv.len() != slots.dims() {
                return Err(SearchError::Dims {
                    expected: slots.dims(),
                    got: qv.len(),
                });
            }
            let pool = POOL.max(wanted);
            // A bare search (recall for matching) keeps the int8 estimates: the f32
            // rescore reads vectors from disk, which at a pool of hundreds costs more
            // than the scan.
            self.nearest(qv, pool, wanted, &ok, !plan.bare)
        };
        // Over a large table the two sides run at once: BM25 is one thread, and the
        // scan's threads take the cores it leaves.
        let (kw, sem) =
            if use_keyword && query_vec.is_some() && vectors::threads_for(slots.len()) > 1 {
                std::thread::scope(|sc| {
                    let kw = sc.spawn(keyword);
                    let sem = semantic();
                    (kw.join().expect("keyword side thread"), sem)
                })
            } else {
                (keyword(), semantic())
            };
        let (kw, kw_total) = kw?;
        let sem = sem?;

        // Listing: no text to match and no vector to compare.
        if !use_keyword && query_vec.is_none() && exact.is_empty() {
            let listing = plan.expr.is_none() || text_query.is_none();
            if !listing {
                return Ok(Results::default());
            }
            let mut all: Vec<u32> = (0..slots.len() as u32).filter(|&s| ok(s)).collect();
            // Newest first: record ids are time-ordered.
            all.sort_by(|a, b| slots.ids[*b as usize].cmp(&slots.ids[*a as usize]));
            let total = all.len();
            let page: Vec<u32> = all.into_iter().skip(plan.offset).take(plan.limit).collect();
            let hits = page
                .iter()
                .map(|&s| self.hit(s, 0.0, None, None, None, None, plan))
                .collect();
            return Ok(Results {
                hits,
                total,
                more: total > wanted,
            });
        }

        // Fuse.
        struct Cand {
            slot: u32,
            tier: u8,
            score: f32,
            kw: Option<(usize, f32)>,
            addr: Option<DocAddress>,
            sem_rank: Option<usize>,
            sim: Option<f32>,
            /// `sim` is the f32 cosine, not the int8 estimate.
            sim_exact: bool,
        }
        let mut cands: HashMap<u32, Cand> = HashMap::new();
        for (rank, (slot, bm25, addr)) in kw.iter().enumerate() {
            cands.insert(
                *slot,
                Cand {
                    slot: *slot,
                    tier: 1,
                    score: 0.0,
                    kw: Some((rank + 1, *bm25)),
                    addr: Some(*addr),
                    sem_rank: None,
                    sim: None,
                    sim_exact: false,
                },
            );
        }
        for (rank, (slot, sim, sim_exact)) in sem.iter().enumerate() {
            let c = cands.entry(*slot).or_insert(Cand {
                slot: *slot,
                tier: if use_keyword { 2 } else { 1 },
                score: 0.0,
                kw: None,
                addr: None,
                sem_rank: None,
                sim: None,
                sim_exact: false,
            });
            c.sem_rank = Some(rank + 1);
            c.sim = Some(*sim);
            c.sim_exact = *sim_exact;
        }
        for slot in exact.keys() {
            let c = cands.entry(*slot).or_insert(Cand {
                slot: *slot,
                tier: 0,
                score: 0.0,
                kw: None,
                addr: None,
                sem_rank: None,
                sim: None,
                sim_exact: false,
            });
            c.tier = 0;
        }
        // Weighted fusion ranks by similarity: every candidate's, exactly. Reciprocal
        // ranks need none; the page's hits get theirs below.
        if let Some(qv) = query_vec
            && matches!(plan.fusion, Fusion::Weighted { .. })
        {
            for c in cands.values_mut() {
                if !c.sim_exact && slots.has_vector(c.slot) {
                    c.sim = Some(cosine(qv, &slots.vector(c.slot)?));
                    c.sim_exact = true;
                }
            }
        }
        let best_bm25 = kw.first().map_or(1.0, |k| k.1.max(f32::EPSILON));
        for c in cands.values_mut() {
            c.score = match plan.fusion {
                Fusion::Rrf {
                    k,
                    keyword_weight,
                    semantic_weight,
                } => {
                    c.kw.map_or(0.0, |(r, _)| keyword_weight / (k + r as f32))
                        + c.sem_rank.map_or(0.0, |r| semantic_weight / (k + r as f32))
                }
                Fusion::Weighted { keyword_weight } => {
                    let kw_part = c.kw.map_or(0.0, |(_, s)| s / best_bm25);
                    let sem_part = if use_vector {
                        c.sim.unwrap_or(0.0).max(0.0)
                    } else {
                        0.0
                    };
                    if use_keyword && use_vector {
                        keyword_weight * kw_part + (1.0 - keyword_weight) * sem_part
                    } else {
                        kw_part + sem_part
                    }
                }
            };
        }
        let mut ranked: Vec<Cand> = cands.into_values().collect();
        ranked.sort_by(|a, b| {
            a.tier
                .cmp(&b.tier)
                .then(cmp_score(a.score, b.score))
                .then(slots.ids[a.slot as usize].cmp(&slots.ids[b.slot as usize]))
        });
        let total = if use_keyword && plan.mode == Mode::Keyword {
            kw_total
                + exact
                    .keys()
                    .filter(|s| !kw.iter().any(|k| k.0 == **s))
                    .count()
        } else {
            ranked.len()
        };
        let more = total > wanted;
        let leaves = plan
            .expr
            .as_ref()
            .map(|e| keyword::leaves(&self.fields, &mut an, e))
            .unwrap_or_default();
        let weights = LeafWeights::new(&searcher, leaves)?;
        let mut hits = Vec::new();
        let mut query_q8: Option<(Vec<i8>, f32)> = None;
        for mut c in ranked.into_iter().skip(plan.offset).take(plan.limit) {
            if let Some(qv) = query_vec
                && !c.sim_exact
                && slots.has_vector(c.slot)
            {
                if !plan.bare {
                    c.sim = Some(cosine(qv, &slots.vector(c.slot)?));
                } else if c.sim.is_none() {
                    let (qq, q_scale) = query_q8.get_or_insert_with(|| quantise(qv));
                    c.sim = Some(
                        dot_i8(qq, slots.q8(c.slot)) as f32
                            * slots.scale[c.slot as usize]
                            * *q_scale,
                    );
                }
            }
            let matched = if plan.bare {
                Vec::new()
            } else {
                let addr = match c.addr {
                    Some(a) => Some(a),
                    None => self.addr_of(&searcher, c.slot)?,
                };
                match addr {
                    Some(a) => weights.matched(searcher.segment_reader(a.segment_ord), a.doc_id)?,
                    None => Vec::new(),
                }
            };
            hits.push(
                self.hit(
                    c.slot,
                    c.score,
                    exact.get(&c.slot).cloned(),
                    c.kw,
                    c.sem_rank
                        .zip(c.sim)
                        .map(|(r, s)| (Some(r), s))
                        .or(c.sim.map(|s| (None, s))),
                    Some(matched),
                    plan,
                ),
            );
        }
        Ok(Results { hits, total, more })
    }

    #[allow(clippy::too_many_arguments)]
    fn hit(
        &self,
        slot: u32,
        score: f32,
        exact: Option<String>,
        kw: Option<(usize, f32)>,
        sem: Option<(Option<usize>, f32)>,
        matched: Option<Vec<(crate::TextField, String)>>,
        plan: &Plan,
    ) -> Hit {
        let attrs = &self.slots.attrs[slot as usize];
        Hit {
            id: self.slots.ids[slot as usize],
            score,
            exact,
            keyword: kw,
            semantic_rank: sem.and_then(|s| s.0),
            similarity: sem.map(|s| s.1),
            matched: matched.unwrap_or_default(),
            filters: if plan.bare {
                Vec::new()
            } else {
                plan.filters.explain(attrs).unwrap_or_default()
            },
        }
    }

    /// The records whose [`Doc::refs`] name `id` (as of the last commit).
    pub fn referencing(&self, id: Uuid) -> Result<Vec<Uuid>, SearchError> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.refs, &id.to_string()),
            IndexRecordOption::Basic,
        );
        let docs = searcher.search(&q, &tantivy::collector::DocSetCollector)?;
        let mut out = Vec::with_capacity(docs.len());
        for addr in docs {
            if let Some(slot) = self.slot_at(&searcher, addr)?
                && self.slots.alive[slot as usize]
            {
                out.push(self.slots.ids[slot as usize]);
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn slot_at(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
    ) -> Result<Option<u32>, SearchError> {
        let col = searcher
            .segment_reader(addr.segment_ord)
            .fast_fields()
            .u64("slot")?;
        Ok(col
            .first(addr.doc_id)
            .map(|s| s as u32)
            .filter(|s| (*s as usize) < self.slots.len()))
    }

    /// Slots of the documents `q` matches (at most `limit`).
    fn slots_of(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        limit: usize,
    ) -> Result<Vec<u32>, SearchError> {
        let docs = searcher.search(q, &TopDocs::with_limit(limit).order_by_score())?;
        let mut out = Vec::new();
        for (_, addr) in docs {
            if let Some(s) = self.slot_at(searcher, addr)? {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// Where a slot's record sits in the keyword index.
    fn addr_of(
        &self,
        searcher: &tantivy::Searcher,
        slot: u32,
    ) -> Result<Option<DocAddress>, SearchError> {
        let id = self.slots.ids[slot as usize].to_string();
        let q = BooleanQuery::new(vec![(
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.id, &id),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>,
        )]);
        Ok(searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())?
            .first()
            .map(|d| d.1))
    }
}

/// Higher scores first; NaN last.
fn cmp_score(a: f32, b: f32) -> Ordering {
    b.total_cmp(&a)
}

mod keyword_side;
mod vectors;

use vectors::{cosine, par_chunks};

#[cfg(test)]
mod tests;
