//! Fuzzes the bulk reader (CSV, JSON, JSON Lines sniffed from the bytes).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hireloop_ingest::fuzzing::bulk(data);
});
