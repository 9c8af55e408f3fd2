//! Hireloop's ingestion: turns files and text into validated values. Nothing here
//! touches the database; the engine saves what these parsers return.

pub mod bulk;
pub mod dedupe;
pub mod document;
pub mod email;
pub mod eval;
pub mod fuzzing;
pub mod jobboard;
pub mod places;
pub mod requirement;
pub mod resume;
pub mod skills;
