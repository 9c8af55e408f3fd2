//! Hireloop's ingestion: turns files and text into validated values. Nothing here
//! touches the database; the engine saves what these parsers return.
pub mod skills;
