//! The HTTP routes, by area.

pub mod audit;
pub mod records;
pub mod system;
