//! Integration tests for `hireloop_ingest::document`: every format, the limits and error
//! kinds, OCR of a scanned PDF, the real resume corpus, and never panicking on junk.

#[path = "document/build.rs"]
mod build;
#[path = "document/docx.rs"]
mod docx;
#[path = "document/formats.rs"]
mod formats;
#[path = "document/fuzz.rs"]
mod fuzz;
#[path = "document/pdf.rs"]
mod pdf;
#[path = "document/real_data.rs"]
mod real_data;
