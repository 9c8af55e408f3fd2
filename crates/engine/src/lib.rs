//! Hireloop's use cases. This crate knows nothing of HTTP: the server and the CLI call
//! it, and it talks to the store and the domain.

pub mod demo;
pub mod embeddings;
pub mod imports;
pub mod inbox;
pub mod matching;
pub mod merge;
pub mod pipeline;
pub mod recommend;
pub mod records;
pub mod search;
pub mod seed;
pub mod skills;
