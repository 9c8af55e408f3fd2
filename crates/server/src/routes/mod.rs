//! The HTTP routes, by area.

pub mod audit;
pub mod imports;
pub mod parse;
pub mod records;
pub mod system;
