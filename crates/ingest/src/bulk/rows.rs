//! The row stream: decoded input → records → entity JSON, one row at a time, so memory stays
//! bounded by the largest row, not the file.

use std::fmt;
use std::io::{Chain, Cursor, Read};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::convert::{ConvertOptions, Draft, Provenance};
use super::csv_rows::{CsvRecord, CsvRows};
use super::decode::Decoded;
use super::error::RowError;
use super::json_rows::{ArrayRows, LineRows};
use super::kind::{EntityKind, Format, TextEncoding};
use super::mapping::{HeaderReport, Resolver};
use super::targets::Target;

/// One row read from a bulk file.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row as the user counts it: CSV rows count the header as row 1 (so data starts at
    /// row 2, and blank lines count as in a spreadsheet); JSON Lines count lines; JSON array
    /// elements count from 1.
    pub number: u64,
    /// Entity-shaped canonical JSON, ready for `parse_entity`.
    pub value: Value,
    pub external_id: Option<String>,
    /// Entity field path → the source column that fed it (`skills[2]` → "Skills").
    pub provenance: Provenance,
    /// Cells that could not be read (a rate in an unknown unit, a malformed e-mail); the
    /// rest of the row is in `value`. [`validate`](crate::bulk::validate()) reports these with the entity's
    /// own checks.
    pub problems: Vec<RowError>,
}

impl Row {
    /// The source column behind a field path, trying the path's parents in turn
    /// (`skills[1].years`, `skills[1]`, `skills`); a name error falls back to whichever
    /// column fed the name.
    pub fn column_for(&self, path: &str) -> Option<&str> {
        let mut p = path;
        while !p.is_empty() {
            if let Some(c) = self.provenance.get(p) {
                return Some(c);
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => break,
            }
        }
        let fallbacks: &[&str] = match path {
            "name" => &["first_name", "last_name"],
            "first_name" | "last_name" => &["name"],
            _ => &[],
        };
        fallbacks.iter().find_map(|f| self.provenance.get(f))
    }
}

/// The decoded input, with the sniffed sample put back in front.
pub(crate) type Input<R> = Chain<Cursor<Vec<u8>>, Decoded<R>>;

pub(crate) enum Source<R: Read> {
    Csv {
        rows: CsvRows<Input<R>>,
        header: Arc<[Arc<str>]>,
        plan: Arc<[Option<Target>]>,
    },
    Array(ArrayRows<Input<R>>),
    Lines(LineRows<Input<R>>),
}

/// Rows of a bulk file, read lazily. A bad row is an `Err` and the stream goes on; only a
/// failure to read the input, or JSON that cannot be resynchronised, ends it early.
pub struct Rows<R: Read> {
    pub(crate) source: Source<R>,
    pub(crate) kind: EntityKind,
    pub(crate) resolver: Resolver,
    pub(crate) options: ConvertOptions,
    pub(crate) report: HeaderReport,
    pub(crate) encoding: TextEncoding,
    pub(crate) format: Format,
    pub(crate) delimiter: Option<u8>,
}

impl<R: Read> Rows<R> {
    pub fn kind(&self) -> EntityKind {
        self.kind
    }

    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The CSV delimiter in use; `None` for JSON.
    pub fn delimiter(&self) -> Option<u8> {
        self.delimiter
    }

    /// Which column feeds which field. Complete on opening for CSV; for JSON it lists the
    /// keys met so far.
    pub fn report(&self) -> &HeaderReport {
        &self.report
    }

    fn json_row(&mut self, number: u64, map: Map<String, Value>) -> Row {
        let mut draft = Draft::new(self.kind, &self.options, number);
        for (key, value) in map {
            let resolved = self.resolver.resolve(&key);
            self.report.note(&key, resolved.as_ref());
            if let Some((target, _)) = resolved {
                draft.json(&Arc::from(key), &target, value);
            }
        }
        finish(number, draft)
    }
}

/// A CSV record as a row. Extra cells are tolerated when empty (many exports end rows with a
/// delimiter); missing cells read as empty.
fn csv_row(
    kind: EntityKind,
    options: &ConvertOptions,
    rec: CsvRecord,
    header: &[Arc<str>],
    plan: &[Option<Target>],
) -> Result<Row, RowError> {
    if rec.cells.iter().skip(header.len()).any(|c| !c.is_empty()) {
        return Err(RowError::row(
            rec.number,
            format!(
                "has {} fields but the header has {}",
                rec.cells.len(),
                header.len()
            ),
        ));
    }
    let mut draft = Draft::new(kind, options, rec.number);
    for (i, (column, target)) in header.iter().zip(plan).enumerate() {
        if let Some(t) = target {
            let cell = rec.cells.get(i).map_or("", String::as_str);
            draft.cell(column, t, cell, false);
        }
    }
    Ok(finish(rec.number, draft))
}

fn finish(number: u64, draft: Draft<'_>) -> Row {
    let converted = draft.finish();
    let external_id = converted
        .value
        .get("external_id")
        .and_then(Value::as_str)
        .map(str::to_string);
    Row {
        number,
        value: converted.value,
        external_id,
        provenance: converted.provenance,
        problems: converted.problems,
    }
}

/// A row as read, before its cells are converted: what the reading thread hands to
/// the threads that convert and check rows (see [`Rows::next_raw`]).
#[derive(Debug)]
pub struct RawRow(RawInner);

#[derive(Debug)]
enum RawInner {
    Csv(CsvRecord),
    /// JSON rows are converted as they are read (their keys feed the header report).
    Done(Row),
}

impl RawRow {
    /// The row's number, as [`Row::number`] counts.
    pub fn number(&self) -> u64 {
        match &self.0 {
            RawInner::Csv(rec) => rec.number,
            RawInner::Done(row) => row.number,
        }
    }
}

impl From<Row> for RawRow {
    fn from(row: Row) -> Self {
        Self(RawInner::Done(row))
    }
}

/// Converts raw rows of one file, on any thread: the same conversion the
/// [`Rows`] iterator does.
#[derive(Debug, Clone)]
pub struct Converter {
    kind: EntityKind,
    options: ConvertOptions,
    header: Arc<[Arc<str>]>,
    plan: Arc<[Option<Target>]>,
}

impl Converter {
    /// A converter for rows already converted (JSON, or rows made elsewhere).
    pub fn identity(kind: EntityKind) -> Self {
        Self {
            kind,
            options: ConvertOptions {
                today: None,
                currency: None,
                day_first: false,
            },
            header: Arc::from(Vec::new()),
            plan: Arc::from(Vec::new()),
        }
    }

    pub fn convert(&self, raw: RawRow) -> Result<Row, RowError> {
        match raw.0 {
            RawInner::Csv(rec) => csv_row(self.kind, &self.options, rec, &self.header, &self.plan),
            RawInner::Done(row) => Ok(row),
        }
    }
}

impl<R: Read> Rows<R> {
    /// What converts this file's raw rows.
    pub fn converter(&self) -> Converter {
        let (header, plan) = match &self.source {
            Source::Csv { header, plan, .. } => (header.clone(), plan.clone()),
            _ => (Arc::from(Vec::new()), Arc::from(Vec::new())),
        };
        Converter {
            kind: self.kind,
            options: self.options.clone(),
            header,
            plan,
        }
    }

    /// The next row unconverted, for [`Converter::convert`] on another thread; the same
    /// rows in the same order as the iterator gives.
    pub fn next_raw(&mut self) -> Option<Result<RawRow, RowError>> {
        let object = match &mut self.source {
            Source::Csv { rows, .. } => {
                let rec = rows.next_record()?;
                return Some(rec.map(|r| RawRow(RawInner::Csv(r))));
            }
            Source::Array(a) => a.next_object()?,
            Source::Lines(l) => l.next_object()?,
        };
        Some(object.map(|(n, map)| RawRow(RawInner::Done(self.json_row(n, map)))))
    }
}

impl<R: Read> Iterator for Rows<R> {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let object = match &mut self.source {
            Source::Csv { rows, header, plan } => {
                let rec = rows.next_record()?;
                return Some(rec.and_then(|r| csv_row(self.kind, &self.options, r, header, plan)));
            }
            Source::Array(a) => a.next_object()?,
            Source::Lines(l) => l.next_object()?,
        };
        Some(object.map(|(n, map)| self.json_row(n, map)))
    }
}

impl<R: Read> fmt::Debug for Rows<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rows")
            .field("kind", &self.kind)
            .field("format", &self.format)
            .field("encoding", &self.encoding)
            .field("delimiter", &self.delimiter.map(char::from))
            .finish_non_exhaustive()
    }
}
