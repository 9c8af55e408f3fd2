//! CSV records: the header, then data rows numbered as a spreadsheet shows them, blank lines
//! skipped, every record's size bounded so one unclosed quote cannot swallow memory.

use std::io::{self, Read};

use csv::ByteRecord;

use super::error::{BulkError, RowError};

/// The most bytes one record may span (quoted newlines included).
pub(crate) const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// One data row: its number (the header is row 1) and its trimmed cells.
#[derive(Debug)]
pub(crate) struct CsvRecord {
    pub number: u64,
    pub cells: Vec<String>,
}

pub(crate) struct CsvRows<R: Read> {
    reader: csv::Reader<RecordGuard<R>>,
    record: ByteRecord,
    /// The line the header starts on.
    header_line: u64,
    last_row: u64,
    done: bool,
}

impl<R: Read> CsvRows<R> {
    /// Reads up to the header; returns the rows to come and the trimmed header cells.
    pub(crate) fn open(
        input: R,
        delimiter: u8,
        max_record: usize,
    ) -> Result<(Self, Vec<String>), BulkError> {
        let guard = RecordGuard::new(input, delimiter, max_record);
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(guard);
        let mut rows = Self {
            reader,
            record: ByteRecord::new(),
            header_line: 1,
            last_row: 1,
            done: false,
        };
        loop {
            match rows.read() {
                Ok(None) => return Ok((rows, Vec::new())),
                Ok(Some((line, cells))) if cells.iter().any(|c| !c.is_empty()) => {
                    rows.header_line = line;
                    let mut header = cells;
                    if let Some(first) = header.first_mut() {
                        *first = first.trim_start_matches('\u{feff}').trim().to_string();
                    }
                    return Ok((rows, header));
                }
                Ok(Some(_)) => {}
                Err(e) => return Err(BulkError::Header(e)),
            }
        }
    }

    pub(crate) fn next_record(&mut self) -> Option<Result<CsvRecord, RowError>> {
        while !self.done {
            match self.read() {
                Ok(None) => self.done = true,
                Ok(Some((line, cells))) => {
                    // Counted from the header as row 1, blank lines included, as a
                    // spreadsheet shows the file.
                    let number = (line + 1).saturating_sub(self.header_line);
                    self.last_row = number;
                    if cells.iter().all(String::is_empty) {
                        continue;
                    }
                    return Some(Ok(CsvRecord { number, cells }));
                }
                Err(reason) => {
                    self.done = true;
                    return Some(Err(RowError::row(self.last_row + 1, reason)));
                }
            }
        }
        None
    }

    /// The next record's line (quoted newlines not counted) and trimmed cells.
    fn read(&mut self) -> Result<Option<(u64, Vec<String>)>, String> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                // The guard hands out one record at a time, so the record it last saw start
                // is the one just parsed. (The csv crate's own positions skip blank lines.)
                let line = self.reader.get_ref().record_line;
                let cells = self
                    .record
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).trim().to_string())
                    .collect();
                Ok(Some((line, cells)))
            }
            Err(e) => Err(match e.into_kind() {
                csv::ErrorKind::Io(io) => format!("cannot read the file: {io}"),
                other => format!("cannot read the file: {other:?}"),
            }),
        }
    }
}

/// Where the guard is within CSV quoting, mirroring the csv crate: a quote opens a quoted
/// field only at the start of a field, and `""` inside one is a literal quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// Sits between the input and the csv crate and does two things the crate cannot:
/// it refuses a record longer than its limit (the crate buffers a whole record, so a stray
/// opening quote in a multi-gigabyte file would otherwise be read into memory whole), and it
/// hands out at most one record per read, so it knows which line the record being parsed
/// started on.
pub(crate) struct RecordGuard<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    delimiter: u8,
    state: Quoting,
    since_boundary: usize,
    limit: usize,
    /// Line ends passed outside quotes (CRLF counts once).
    lines: u64,
    line_start: bool,
    prev_cr: bool,
    /// The line the latest record started on, from 1.
    record_line: u64,
    failed: bool,
}

impl<R> RecordGuard<R> {
    fn new(inner: R, delimiter: u8, limit: usize) -> Self {
        Self {
            inner,
            buf: vec![0; 64 * 1024],
            pos: 0,
            len: 0,
            delimiter,
            state: Quoting::FieldStart,
            since_boundary: 0,
            limit,
            lines: 0,
            line_start: true,
            prev_cr: false,
            record_line: 1,
            failed: false,
        }
    }

    /// Advances over one byte; true when it ends a record (or a blank line).
    fn step(&mut self, b: u8) -> bool {
        use Quoting::*;
        self.since_boundary += 1;
        let newline = matches!(b, b'\n' | b'\r');
        if self.line_start && !newline {
            self.line_start = false;
            self.record_line = self.lines + 1;
        }
        let mut boundary = false;
        self.state = match (self.state, b) {
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (FieldStart, b'"') | (QuoteInQuoted, b'"') => Quoted,
            (_, b'\n' | b'\r') => {
                boundary = true;
                FieldStart
            }
            (_, d) if d == self.delimiter => FieldStart,
            _ => Unquoted,
        };
        if boundary {
            if !(b == b'\n' && self.prev_cr) {
                self.lines += 1;
            }
            self.since_boundary = 0;
            self.line_start = true;
        }
        self.prev_cr = b == b'\r';
        boundary
    }

    fn too_long(&self) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "a record is longer than {} bytes (is a quote left open?)",
                self.limit
            ),
        )
    }
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.failed {
            return Err(self.too_long());
        }
        if self.pos == self.len {
            self.pos = 0;
            self.len = self.inner.read(&mut self.buf)?;
        }
        let mut n = 0;
        while n < out.len() && self.pos < self.len {
            let b = self.buf[self.pos];
            let boundary = self.step(b);
            if self.since_boundary > self.limit {
                self.failed = true;
                return if n == 0 { Err(self.too_long()) } else { Ok(n) };
            }
            out[n] = b;
            n += 1;
            self.pos += 1;
            if boundary {
                break;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &str, delimiter: u8) -> (Vec<String>, Vec<Result<CsvRecord, RowError>>) {
        let (mut rows, header) = CsvRows::open(input.as_bytes(), delimiter, 1000).unwrap();
        let mut out = Vec::new();
        while let Some(r) = rows.next_record() {
            out.push(r);
        }
        (header, out)
    }

    #[test]
    fn numbers_rows_as_a_spreadsheet_does() {
        let (header, rows) = all(
            "\u{feff} Name ,Notes\nA,\"two\nlines\"\n\n,\nB,x\r\nC,y",
            b',',
        );
        assert_eq!(header, ["Name", "Notes"]);
        let got: Vec<(u64, Vec<String>)> = rows
            .into_iter()
            .map(|r| r.map(|r| (r.number, r.cells)).unwrap())
            .collect();
        assert_eq!(
            got,
            [
                (2, vec!["A".to_string(), "two\nlines".to_string()]),
                (5, vec!["B".to_string(), "x".to_string()]),
                (6, vec!["C".to_string(), "y".to_string()]),
            ]
        );
    }

    #[test]
    fn line_endings() {
        for input in ["H\r\nA\r\n\r\nB\r\n", "H\rA\r\rB\r", "H\nA\n\nB"] {
            let (_, rows) = all(input, b',');
            let numbers: Vec<u64> = rows.iter().map(|r| r.as_ref().unwrap().number).collect();
            assert_eq!(numbers, [2, 4], "{input:?}");
        }
    }

    #[test]
    fn leading_blank_lines_do_not_shift_numbering() {
        let (header, rows) = all("\n\nName\nA\n", b',');
        assert_eq!(header, ["Name"]);
        assert_eq!(rows[0].as_ref().unwrap().number, 2);
    }

    #[test]
    fn an_unclosed_quote_hits_the_record_limit() {
        let long = format!("Name\n\"{}\n", "x\n".repeat(2000));
        let (_, rows) = all(&long, b',');
        assert_eq!(rows.len(), 1);
        let err = rows[0].as_ref().unwrap_err();
        assert!(err.reason.contains("longer than 1000 bytes"), "{err}");
        // Escaped quotes and quotes inside unquoted fields do not confuse the guard.
        let fine = format!("Name,H\n{}", "\"a \"\"b\"\"\",5'10\"\n".repeat(200));
        let (_, rows) = all(&fine, b',');
        assert_eq!(rows.len(), 200);
        assert!(rows.iter().all(Result::is_ok));
    }
}
