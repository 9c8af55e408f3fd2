//! Streaming bulk import: reads CSV, JSON arrays and JSON Lines of any size, in any of the
//! common encodings, one row at a time into entity-shaped JSON, remembering which column fed
//! which field so errors name what the user sees.
//!
//! ```text
//! bytes ─► decode (BOM / UTF-8 / Windows-1252) ─► sniff (format, delimiter)
//!       ─► records (csv_rows, json_rows) ─► mapping (headers, mapping file) ─► convert ─► Row
//! ```

pub(crate) mod convert;
mod csv_rows;
mod decode;
mod error;
pub mod export;
mod headers;
mod json_rows;
mod kind;
mod mapping;
mod rows;
mod sniff;
pub(crate) mod targets;
mod validate;

use std::io::{Cursor, Read};
use std::sync::Arc;

use chrono::NaiveDate;
use hireloop_domain::values::Currency;

pub use convert::Provenance;
pub use error::{BulkError, RowError};
pub use export::{csv_cell, write_error_report};
pub use headers::normalise_header;
pub use kind::{EntityKind, Format, TextEncoding, UnknownName};
pub use mapping::{HeaderReport, IGNORE, MappedBy, MappedColumn, Mapping, MappingError};
pub use rows::{Converter, RawRow, Row, Rows};
pub use targets::known_targets;
pub use validate::validate;

use convert::ConvertOptions;
use csv_rows::{CsvRows, MAX_RECORD_BYTES};
use json_rows::{ArrayRows, LineRows, MAX_OBJECT_BYTES};
use mapping::Resolver;
use rows::Source;

/// How to read a bulk file; everything is optional.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The layout; sniffed from the first bytes when absent.
    pub format: Option<Format>,
    /// Explicit column mapping; overrides auto-detection for the columns it lists.
    pub mapping: Option<Mapping>,
    /// What "ASAP" and "immediately" mean in date cells. Without it such cells are refused:
    /// reading the clock here would make imports depend on the day they run.
    pub today: Option<NaiveDate>,
    /// The currency of amounts that name none ("65/hr", "$65/hr"); USD when absent.
    pub currency: Option<Currency>,
    /// Read "01/02/2026" as 1 February rather than 2 January.
    pub day_first: bool,
}

/// Opens a bulk file of `kind` for reading. Reads only the first 64 KiB (and, for CSV, the
/// header) now; rows are read as the returned iterator is advanced.
pub fn read<R: Read>(
    input: R,
    kind: EntityKind,
    options: ReadOptions,
) -> Result<Rows<R>, BulkError> {
    // The mapping is checked before any byte is read.
    let mut resolver = Resolver::new(kind, options.mapping.as_ref())?;
    let (mut decoded, encoding) = decode::decode(input)?;
    let (sample, complete) = decode::read_sample(&mut decoded, decode::SAMPLE_BYTES)?;
    let format = options.format.unwrap_or_else(|| sniff::format(&sample));
    if format.board().is_some() {
        return Err(BulkError::NotRows(format));
    }
    let delimiter = (format == Format::Csv).then(|| sniff::delimiter(&sample, complete));
    let input = Cursor::new(sample).chain(decoded);
    let mut report = HeaderReport::default();
    let source = match format {
        Format::Csv => {
            let delimiter = delimiter.unwrap_or(b',');
            let (csv, header) = CsvRows::open(input, delimiter, MAX_RECORD_BYTES)?;
            let plan: Vec<Option<_>> = header
                .iter()
                .map(|h| {
                    let resolved = resolver.resolve(h);
                    report.note(h, resolved.as_ref());
                    resolved.map(|(t, _)| t)
                })
                .collect();
            report.unmatched_mapping = resolver.unmatched(&header);
            Source::Csv {
                rows: csv,
                header: header.into_iter().map(Arc::from).collect(),
                plan: plan.into(),
            }
        }
        Format::JsonArray => Source::Array(ArrayRows::new(input, MAX_OBJECT_BYTES)),
        Format::JsonLines => Source::Lines(LineRows::new(input, MAX_OBJECT_BYTES)),
        Format::Greenhouse | Format::Lever | Format::Ashby => {
            return Err(BulkError::NotRows(format));
        }
    };
    Ok(Rows {
        source,
        kind,
        resolver,
        options: ConvertOptions {
            today: options.today,
            currency: options.currency,
            day_first: options.day_first,
        },
        report,
        encoding,
        format,
        delimiter,
    })
}
