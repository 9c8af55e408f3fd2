//! Fuzzes document extraction with bytes claimed to be a .pdf file.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hireloop_ingest::fuzzing::pdf(data);
});
