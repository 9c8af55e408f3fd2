//! Hireloop's domain: value types that validate on construction and the core entities.
//! No I/O and no async live here.

pub mod auth;
pub mod entities;
pub mod error;
pub mod ids;
pub mod pipeline;
pub mod values;

pub use error::{FieldError, ValidationErrors};
