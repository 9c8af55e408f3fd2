//! The HTTP routes, by area.

pub mod audit;
pub mod documents;
pub mod duplicates;
pub mod embeddings;
pub mod extract;
pub mod imports;
pub mod matching;
pub mod parse;
pub mod pipeline;
pub mod records;
pub mod requirements_from;
pub mod resumes;
pub mod reviews;
pub mod search;
pub mod system;
