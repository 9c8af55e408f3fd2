//! Fuzzes the e-mail requirement parser with arbitrary message bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hireloop_ingest::fuzzing::email(data);
});
