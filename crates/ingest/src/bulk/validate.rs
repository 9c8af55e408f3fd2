//! Row validation: runs the entity's own parse and checks, and names the source column
//! behind every refused field.

use hireloop_domain::entities::{EntityRules, parse_entity_ref};

use super::error::RowError;
use super::rows::Row;

/// Parses and validates a row as `E`. On failure, every problem: the cells that could not be
/// read, then the entity's refusals, each mapped back to the column that fed the field.
pub fn validate<E: EntityRules>(row: &Row) -> Result<E, Vec<RowError>> {
    let parsed = parse_entity_ref::<E>(&row.value);
    let mut errors = row.problems.clone();
    match parsed {
        Ok(entity) if errors.is_empty() => return Ok(entity),
        Ok(_) => {}
        Err(refused) => {
            for e in refused.errors() {
                errors.push(RowError::field(
                    row.number,
                    row.column_for(&e.path),
                    e.path.clone(),
                    e.message.clone(),
                ));
            }
        }
    }
    Err(errors)
}
