//! Integration tests for requirements: vendor e-mails (plain, HTML, forwarded, with JD
//! attachments, broken), prose job descriptions, job-board files, the real postings
//! corpus, and never panicking on arbitrary input.

#[path = "requirement/attachments.rs"]
mod attachments;
#[path = "requirement/common.rs"]
mod common;
#[path = "requirement/emails.rs"]
mod emails;
#[path = "requirement/forwards.rs"]
mod forwards;
#[path = "requirement/fuzz.rs"]
mod fuzz;
#[path = "requirement/jobboard.rs"]
mod jobboard;
#[path = "requirement/prose.rs"]
mod prose;
#[path = "requirement/real_data.rs"]
mod real_data;
