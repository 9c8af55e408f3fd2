//! JSON input, one object at a time: elements of a top-level array (serde_json streams only
//! whole values, so elements are cut out by a small bracket-counting scanner and parsed one by
//! one) and JSON Lines. A malformed element or line is an error for that row alone.

use std::io::{self, Read};

use serde_json::{Map, Value};

use super::error::RowError;

/// The most bytes one element or line may hold.
pub(crate) const MAX_OBJECT_BYTES: usize = 16 * 1024 * 1024;
const BUFFER: usize = 64 * 1024;

pub(crate) type JsonObject = (u64, Map<String, Value>);

/// A byte reader with one byte of look-ahead.
struct Bytes<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
}

impl<R: Read> Bytes<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            buf: vec![0; BUFFER],
            pos: 0,
            len: 0,
        }
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        if self.pos == self.len {
            self.pos = 0;
            self.len = loop {
                match self.inner.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
        }
        Ok((self.pos < self.len).then(|| self.buf[self.pos]))
    }

    fn next(&mut self) -> io::Result<Option<u8>> {
        let b = self.peek()?;
        if b.is_some() {
            self.pos += 1;
        }
        Ok(b)
    }
}

/// The objects of one top-level JSON array, numbered from 1.
pub(crate) struct ArrayRows<R> {
    bytes: Bytes<R>,
    element: Vec<u8>,
    index: u64,
    opened: bool,
    done: bool,
    limit: usize,
}

impl<R: Read> ArrayRows<R> {
    pub(crate) fn new(input: R, limit: usize) -> Self {
        Self {
            bytes: Bytes::new(input),
            element: Vec::new(),
            index: 0,
            opened: false,
            done: false,
            limit,
        }
    }

    pub(crate) fn next_object(&mut self) -> Option<Result<JsonObject, RowError>> {
        if self.done {
            return None;
        }
        let result = self.step();
        if let Err(e) = &result {
            // Only a read failure or the end of the input inside an element stops the
            // stream; a malformed element is behind us once the scanner has passed it.
            self.done |= e.fatal;
        }
        match result {
            Ok(Some(obj)) => Some(Ok(obj)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => Some(Err(e.error)),
        }
    }

    fn step(&mut self) -> Result<Option<JsonObject>, Failure> {
        let io = |row: u64| move |e: io::Error| Failure::fatal(row, format!("cannot read: {e}"));
        if !self.opened {
            self.skip_separators(false).map_err(io(1))?;
            match self.bytes.next().map_err(io(1))? {
                Some(b'[') => self.opened = true,
                None => return Ok(None),
                Some(_) => return Err(Failure::fatal(1, "the file is not a JSON array")),
            }
        }
        self.skip_separators(true).map_err(io(self.index + 1))?;
        match self.bytes.peek().map_err(io(self.index + 1))? {
            Some(b']') => return Ok(None),
            None => {
                return Err(Failure::fatal(
                    self.index + 1,
                    "the file ends before the JSON array is closed (is it cut short?)",
                ));
            }
            Some(_) => {}
        }
        self.index += 1;
        let row = self.index;
        let complete = self.scan_element().map_err(io(row))?;
        if !complete {
            return Err(Failure::fatal(
                row,
                "the file ends inside this element (is it cut short?)",
            ));
        }
        if self.element.len() > self.limit {
            return Err(Failure::row(
                row,
                format!("the element is longer than {} bytes", self.limit),
            ));
        }
        parse_object(row, &self.element)
            .map(Some)
            .map_err(|e| Failure {
                error: e,
                fatal: false,
            })
    }

    fn skip_separators(&mut self, commas: bool) -> io::Result<()> {
        while let Some(b) = self.bytes.peek()? {
            if b.is_ascii_whitespace() || (commas && b == b',') {
                self.bytes.next()?;
            } else {
                break;
            }
        }
        Ok(())
    }

    /// Reads one value into `element` (keeping at most `limit + 1` bytes, so an oversized
    /// one is still skipped whole); false when the input ends inside it.
    fn scan_element(&mut self) -> io::Result<bool> {
        self.element.clear();
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        loop {
            let Some(b) = self.bytes.peek()? else {
                return Ok(depth == 0 && !in_string && !self.element.is_empty());
            };
            let scalar_end = depth == 0 && !in_string && !self.element.is_empty();
            if scalar_end && (b.is_ascii_whitespace() || b == b',' || b == b']') {
                return Ok(true);
            }
            self.bytes.next()?;
            if self.element.len() <= self.limit {
                self.element.push(b);
            }
            if in_string {
                match b {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => {
                        in_string = false;
                        if depth == 0 {
                            return Ok(true);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(true);
                    }
                }
                _ => {}
            }
        }
    }
}

/// One object per line, numbered by line; blank lines are skipped.
pub(crate) struct LineRows<R> {
    bytes: Bytes<R>,
    line: Vec<u8>,
    number: u64,
    done: bool,
    limit: usize,
}

impl<R: Read> LineRows<R> {
    pub(crate) fn new(input: R, limit: usize) -> Self {
        Self {
            bytes: Bytes::new(input),
            line: Vec::new(),
            number: 0,
            done: false,
            limit,
        }
    }

    pub(crate) fn next_object(&mut self) -> Option<Result<JsonObject, RowError>> {
        while !self.done {
            self.number += 1;
            let row = self.number;
            let (ended, overflow) = match self.read_line() {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    return Some(Err(RowError::row(row, format!("cannot read: {e}"))));
                }
            };
            self.done = ended;
            if overflow {
                return Some(Err(RowError::row(
                    row,
                    format!("the line is longer than {} bytes", self.limit),
                )));
            }
            if self.line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse_object(row, &self.line));
        }
        None
    }

    /// Reads one line without its newline; returns (input ended, line too long).
    fn read_line(&mut self) -> io::Result<(bool, bool)> {
        self.line.clear();
        let mut overflow = false;
        loop {
            match self.bytes.next()? {
                None => return Ok((true, overflow)),
                Some(b'\n') => return Ok((false, overflow)),
                Some(b) if self.line.len() < self.limit => self.line.push(b),
                Some(_) => overflow = true,
            }
        }
    }
}

struct Failure {
    error: RowError,
    fatal: bool,
}

impl Failure {
    fn fatal(row: u64, reason: impl Into<String>) -> Self {
        Self {
            error: RowError::row(row, reason),
            fatal: true,
        }
    }

    fn row(row: u64, reason: impl Into<String>) -> Self {
        Self {
            error: RowError::row(row, reason),
            fatal: false,
        }
    }
}

fn parse_object(row: u64, bytes: &[u8]) -> Result<JsonObject, RowError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok((row, map)),
        Ok(other) => Err(RowError::row(
            row,
            format!("expected a JSON object, found {}", kind_of(&other)),
        )),
        Err(e) => Err(RowError::row(row, format!("malformed JSON: {e}"))),
    }
}

/// "a string", "an array" … for messages.
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn array(input: &str) -> Vec<Result<u64, String>> {
        let mut rows = ArrayRows::new(input.as_bytes(), 1000);
        let mut out = Vec::new();
        while let Some(r) = rows.next_object() {
            out.push(r.map(|(n, _)| n).map_err(|e| e.to_string()));
        }
        out
    }

    #[test]
    fn array_elements_stream_and_resync() {
        let got = array(r#" [ {"a": "x]}"}, {"b": 1,}, 7, {"c": [1, {"d": 2}]} ] trailing"#);
        assert_eq!(got[0], Ok(1));
        assert!(
            got[1]
                .as_ref()
                .unwrap_err()
                .starts_with("row 2: malformed JSON")
        );
        assert_eq!(
            got[2],
            Err("row 3: expected a JSON object, found a number".into())
        );
        assert_eq!(got[3], Ok(4));
        assert_eq!(got.len(), 4);
        assert!(array("[]").is_empty());
        assert!(array("").is_empty());
    }

    #[test]
    fn array_cut_short() {
        let got = array(r#"[{"a": 1}, {"b": "#);
        assert_eq!(got.len(), 2);
        assert!(got[1].as_ref().unwrap_err().contains("ends inside"));
        let got = array(r#"[{"a": 1}"#);
        assert!(
            got[1]
                .as_ref()
                .unwrap_err()
                .contains("before the JSON array is closed")
        );
        assert_eq!(
            array("{}")[0],
            Err("row 1: the file is not a JSON array".into())
        );
    }

    #[test]
    fn oversized_element_is_skipped() {
        let big = format!(r#"[{{"a": "{}"}}, {{"b": 1}}]"#, "x".repeat(2000));
        let got = array(&big);
        assert!(
            got[0]
                .as_ref()
                .unwrap_err()
                .contains("longer than 1000 bytes")
        );
        assert_eq!(got[1], Ok(2));
    }

    #[test]
    fn lines() {
        let input = "{\"a\":1}\n\n  \n{bad\n[1]\r\n{\"b\":2}\r\n";
        let mut rows = LineRows::new(input.as_bytes(), 1000);
        let mut got = Vec::new();
        while let Some(r) = rows.next_object() {
            got.push(r.map(|(n, _)| n).map_err(|e| e.row));
        }
        assert_eq!(got, [Ok(1), Err(4), Err(5), Ok(6)]);
        let long = format!("{{\"a\":\"{}\"}}\n{{}}", "x".repeat(2000));
        let mut rows = LineRows::new(long.as_bytes(), 1000);
        assert!(rows.next_object().unwrap().is_err());
        assert_eq!(rows.next_object().unwrap().unwrap().0, 2);
        assert!(rows.next_object().is_none());
    }
}
