//! Evaluations: how well the parsers do against labelled data, measured the same way every
//! time so changes to the heuristics can be compared.

mod gold;
pub mod ner;

pub use ner::{
    DocumentMiss, EvalError, FieldScore, NER_FIELDS, NerReport, evaluate_ner, evaluate_ner_detailed,
};
