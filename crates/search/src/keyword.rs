//! The BM25 side: tantivy's schema for a collection and the translation of a parsed
//! [`Expr`] into tantivy queries, field boosts included.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EnableScoring, Occur, PhraseQuery, Query, TermQuery, Weight,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocId, Searcher, SegmentReader, TERMINATED, Term};

use crate::analyzer::{self, EXACT, STEMMED};
use crate::query::{Expr, TextField};

/// Boost of each text field: a skill or title that matches says more than a word
/// somewhere in a summary.
pub fn boost(field: TextField) -> f32 {
    match field {
        TextField::Skill => 3.0,
        TextField::Title => 2.5,
        TextField::Name => 2.0,
        TextField::Company => 1.5,
        TextField::Text => 1.0,
    }
}

/// Boost of an exact key (id, external id, e-mail, phone) written as a bare word.
const EXACT_BOOST: f32 = 10.0;

#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub id: Field,
    pub slot: Field,
    /// The id's first and last 8 bytes: ties on score break by id inside tantivy.
    pub idk: Field,
    pub idl: Field,
    pub exact: Field,
    /// Ids of the records a document's text names (see `Doc::refs`).
    pub refs: Field,
    pub name: Field,
    pub title: Field,
    pub skill: Field,
    pub company: Field,
    pub text: Field,
}

impl Fields {
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let text = |tokenizer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let fields = Fields {
            id: b.add_text_field("id", STRING),
            slot: b.add_u64_field("slot", FAST | INDEXED),
            idk: b.add_u64_field("idk", FAST),
            idl: b.add_u64_field("idl", FAST),
            exact: b.add_text_field("exact", STRING),
            refs: b.add_text_field("refs", STRING),
            name: b.add_text_field("name", text(EXACT)),
            title: b.add_text_field("title", text(STEMMED)),
            skill: b.add_text_field("skill", text(EXACT)),
            company: b.add_text_field("company", text(EXACT)),
            text: b.add_text_field("text", text(STEMMED)),
        };
        (b.build(), fields)
    }

    pub fn field(&self, f: TextField) -> Field {
        match f {
            TextField::Name => self.name,
            TextField::Title => self.title,
            TextField::Skill => self.skill,
            TextField::Company => self.company,
            TextField::Text => self.text,
        }
    }
}

/// Analyzers by text field.
#[derive(Clone)]
pub(crate) struct Analyzers {
    exact: TextAnalyzer,
    stemmed: TextAnalyzer,
}

impl std::fmt::Debug for Analyzers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzers")
    }
}

impl Analyzers {
    pub fn new() -> Self {
        Self {
            exact: analyzer::exact(),
            stemmed: analyzer::stemmed(),
        }
    }

    pub fn terms(&mut self, field: TextField, text: &str) -> Vec<String> {
        match field {
            TextField::Title | TextField::Text => analyzer::terms(&mut self.stemmed, text),
            _ => analyzer::terms(&mut self.exact, text),
        }
    }
}

/// The lower-cased form exact keys are stored and looked up in.
pub fn exact_key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// A word or phrase of the query restricted to one field: the unit a hit's explanation
/// reports as matched.
#[derive(Debug)]
pub(crate) struct Leaf {
    pub field: TextField,
    pub text: String,
    pub query: Box<dyn Query>,
}

fn field_query(
    fields: &Fields,
    an: &mut Analyzers,
    field: TextField,
    text: &str,
) -> Option<Box<dyn Query>> {
    let f = fields.field(field);
    let terms: Vec<Term> = an
        .terms(field, text)
        .iter()
        .map(|t| Term::from_field_text(f, t))
        .collect();
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            terms.into_iter().next().expect("one term"),
            IndexRecordOption::WithFreqs,
        ))),
        _ => Some(Box::new(PhraseQuery::new(terms))),
    }
}

fn fields_of(field: Option<TextField>) -> Vec<TextField> {
    field.map_or_else(|| TextField::ALL.to_vec(), |f| vec![f])
}

/// The tantivy query for `expr`, or `None` when nothing in it can match text (every
/// word analysed away).
pub(crate) fn to_query(fields: &Fields, an: &mut Analyzers, expr: &Expr) -> Option<Box<dyn Query>> {
    match expr {
        Expr::Term { field, text, .. } | Expr::Phrase { field, text, .. } => {
            let mut parts: Vec<(Occur, Box<dyn Query>)> = fields_of(*field)
                .into_iter()
                .filter_map(|f| {
                    field_query(fields, an, f, text).map(|q| {
                        (
                            Occur::Should,
                            Box::new(BoostQuery::new(q, boost(f))) as Box<dyn Query>,
                        )
                    })
                })
                .collect();
            if field.is_none() && matches!(expr, Expr::Term { .. }) {
                let key = exact_key(text);
                parts.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(fields.exact, &key),
                            IndexRecordOption::Basic,
                        )),
                        EXACT_BOOST,
                    )),
                ));
            }
            if parts.is_empty() {
                return None;
            }
            Some(Box::new(BooleanQuery::new(parts)))
        }
        Expr::And(xs) => {
            let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for x in xs {
                match x {
                    Expr::Not(inner) => {
                        if let Some(q) = to_query(fields, an, inner) {
                            parts.push((Occur::MustNot, q));
                        }
                    }
                    _ => {
                        if let Some(q) = to_query(fields, an, x) {
                            parts.push((Occur::Must, q));
                        }
                    }
                }
            }
            if parts.iter().all(|(o, _)| *o == Occur::MustNot) {
                if parts.is_empty() {
                    return None;
                }
                parts.push((Occur::Must, Box::new(AllQuery)));
            }
            Some(Box::new(BooleanQuery::new(parts)))
        }
        Expr::Or(xs) => {
            let parts: Vec<(Occur, Box<dyn Query>)> = xs
                .iter()
                .filter_map(|x| match x {
                    // "a OR NOT b": everything but b, or a.
                    Expr::Not(inner) => to_query(fields, an, inner).map(|q| {
                        Box::new(BooleanQuery::new(vec![
                            (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                            (Occur::MustNot, q),
                        ])) as Box<dyn Query>
                    }),
                    _ => to_query(fields, an, x),
                })
                .map(|q| (Occur::Should, q))
                .collect();
            if parts.is_empty() {
                return None;
            }
            Some(Box::new(BooleanQuery::new(parts)))
        }
        Expr::Not(inner) => {
            let q = to_query(fields, an, inner)?;
            Some(Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, q),
            ])))
        }
    }
}

/// The words and phrases a matching document may contain (those not under `NOT`), one
/// [`Leaf`] per field they can match in.
pub(crate) fn leaves(fields: &Fields, an: &mut Analyzers, expr: &Expr) -> Vec<Leaf> {
    let mut out = Vec::new();
    fn walk(fields: &Fields, an: &mut Analyzers, e: &Expr, out: &mut Vec<Leaf>) {
        match e {
            Expr::Term { field, text, .. } | Expr::Phrase { field, text, .. } => {
                for f in fields_of(*field) {
                    if let Some(query) = field_query(fields, an, f, text) {
                        out.push(Leaf {
                            field: f,
                            text: text.clone(),
                            query,
                        });
                    }
                }
            }
            Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| walk(fields, an, x, out)),
            Expr::Not(_) => {}
        }
    }
    walk(fields, an, expr, &mut out);
    out
}

/// The bare words of the query that could be exact keys (outside `NOT`).
pub(crate) fn exact_words(expr: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(e: &Expr, out: &mut Vec<String>) {
        match e {
            Expr::Term {
                field: None, text, ..
            } => out.push(exact_key(text)),
            Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(expr, &mut out);
    out.sort();
    out.dedup();
    out
}

/// Leaves compiled once per search, tested against each hit.
pub(crate) struct LeafWeights {
    weights: Vec<(TextField, String, Box<dyn Weight>)>,
}

impl LeafWeights {
    pub fn new(searcher: &Searcher, leaves: Vec<Leaf>) -> tantivy::Result<Self> {
        let mut weights = Vec::with_capacity(leaves.len());
        for l in leaves {
            let w = l
                .query
                .weight(EnableScoring::disabled_from_searcher(searcher))?;
            weights.push((l.field, l.text, w));
        }
        Ok(Self { weights })
    }

    /// The (field, word or phrase) pairs document `doc` of `segment` contains.
    pub fn matched(
        &self,
        segment: &SegmentReader,
        doc: DocId,
    ) -> tantivy::Result<Vec<(TextField, String)>> {
        let mut out = Vec::new();
        for (field, text, w) in &self.weights {
            let mut scorer = w.scorer(segment, 1.0)?;
            let at = scorer.doc();
            let found = at == doc || (at < doc && at != TERMINATED && scorer.seek(doc) == doc);
            if found {
                out.push((*field, text.clone()));
            }
        }
        Ok(out)
    }
}
