//! Bounded memory on a large generated file, and no panics on any input.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use hireloop_domain::entities::{Candidate, Company, Contact, Requirement};
use hireloop_ingest::bulk::{self, EntityKind, Format, ReadOptions, validate};
use proptest::prelude::*;

/// Produces a CSV of `rows` rows on demand and counts the bytes handed out.
struct Generator {
    rows: u64,
    next: u64,
    pending: Vec<u8>,
    produced: Arc<AtomicU64>,
}

const ROW_LEN: u64 = 64;

impl Generator {
    fn line(i: u64) -> Vec<u8> {
        // Names may not hold digits: spell the row number in letters.
        let letters: String = format!("{i:07}")
            .bytes()
            .map(|d| char::from(b'a' + (d - b'0')))
            .collect();
        let mut s = format!("Person {letters},Doe,p{i:07}@example.com,\"Java, Go\",$65/hr,");
        while (s.len() as u64) < ROW_LEN - 1 {
            s.push('x');
        }
        s.push('\n');
        s.into_bytes()
    }
}

impl Read for Generator {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            if self.next == self.rows {
                return Ok(0);
            }
            self.pending = Self::line(self.next);
            self.next += 1;
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        self.produced.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[test]
fn streams_200k_rows_with_bounded_lookahead() {
    const HEADER: &str = "First Name,Last Name,Email,Skills,Pay Rate,Notes\n";
    const ROWS: u64 = 200_000;
    let produced = Arc::new(AtomicU64::new(0));
    let generator = Generator {
        rows: ROWS,
        next: 0,
        pending: Vec::new(),
        produced: produced.clone(),
    };
    let input = std::io::Cursor::new(HEADER.as_bytes()).chain(generator);
    let rows = bulk::read(input, EntityKind::Candidates, ReadOptions::default()).unwrap();
    let mut count = 0u64;
    let mut max_ahead = 0u64;
    for row in rows {
        let row = row.unwrap();
        count += 1;
        assert_eq!(row.number, count + 1);
        // Bytes of generated rows up to and including this one.
        let consumed = count * ROW_LEN;
        let ahead = produced.load(Ordering::Relaxed).saturating_sub(consumed);
        max_ahead = max_ahead.max(ahead);
        if count.is_multiple_of(50_000) {
            validate::<Candidate>(&row).unwrap();
        }
    }
    assert_eq!(count, ROWS);
    // The file is 12.8 MB; the reader never runs more than its buffers ahead of the row it
    // returns (64 KiB samples, 64 KiB guard buffer, the decoder's and csv's buffers).
    assert!(max_ahead < 512 * 1024, "read {max_ahead} bytes ahead");
}

fn drain(bytes: &[u8], kind: EntityKind, format: Option<Format>) {
    let options = ReadOptions {
        format,
        today: NaiveDate::from_ymd_opt(2026, 1, 1),
        ..ReadOptions::default()
    };
    if let Ok(rows) = bulk::read(bytes, kind, options) {
        for row in rows.flatten() {
            match kind {
                EntityKind::Candidates => drop(validate::<Candidate>(&row)),
                EntityKind::Requirements => drop(validate::<Requirement>(&row)),
                EntityKind::Companies => drop(validate::<Company>(&row)),
                EntityKind::Contacts => drop(validate::<Contact>(&row)),
            }
        }
    }
}

fn kind() -> impl Strategy<Value = EntityKind> {
    prop::sample::select(EntityKind::ALL.to_vec())
}

fn format() -> impl Strategy<Value = Option<Format>> {
    prop::option::of(prop::sample::select(vec![
        Format::Csv,
        Format::JsonArray,
        Format::JsonLines,
    ]))
}

proptest! {
    #[test]
    fn never_panics_on_random_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        kind in kind(),
        format in format(),
    ) {
        drain(&bytes, kind, format);
    }

    #[test]
    fn never_panics_on_csv_and_json_like_text(
        text in "[a-zA-Z0-9 ,;|\t\"\n\r{}\\[\\]:$/.@+-]{0,400}",
        header in prop::sample::select(vec![
            "Name,Email,Phone,Pay Rate,Skills,Location,Years of Experience,Visa,Available\n",
            "Job Title,Bill Rate,Min Experience,Duration,Openings,Start Date,Visa,Job Type\n",
            "[", "{\"Name\": ", "",
        ]),
        kind in kind(),
    ) {
        let input = format!("{header}{text}");
        drain(input.as_bytes(), kind, None);
    }
}

#[test]
fn rows_can_move_to_a_worker_thread() {
    // The engine reads imports off the async runtime (spawn_blocking).
    fn assert_send<T: Send>() {}
    assert_send::<bulk::Rows<std::fs::File>>();
}
