//! Export helpers: CSV cells safe to open in a spreadsheet, and the error report a user
//! downloads after an import.

use std::borrow::Cow;
use std::io::{self, Write};

use super::error::RowError;

/// Neutralises spreadsheet formula injection: a cell starting with `=` `+` `-` `@`, a tab or
/// a carriage return would be run as a formula by Excel or LibreOffice, so it gets a leading
/// `'`, which spreadsheets show as text and hide.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// Writes `row,column,field,reason` CSV, one line per error, every cell through
/// [`csv_cell`]: the reasons quote what users typed, which may be a formula.
pub fn write_error_report(errors: &[RowError], w: impl Write) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    let csv_err = |e: csv::Error| io::Error::other(e.to_string());
    out.write_record(["row", "column", "field", "reason"])
        .map_err(csv_err)?;
    for e in errors {
        let row = e.row.to_string();
        out.write_record([
            csv_cell(&row).as_ref(),
            csv_cell(e.column.as_deref().unwrap_or("")).as_ref(),
            csv_cell(e.field.as_deref().unwrap_or("")).as_ref(),
            csv_cell(&e.reason).as_ref(),
        ])
        .map_err(csv_err)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formulas() {
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_cell(bad), format!("'{bad}"), "{bad:?}");
        }
        assert!(matches!(csv_cell("Dallas"), Cow::Borrowed("Dallas")));
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn report() {
        let errors = [
            RowError::field(
                17,
                Some("Pay Rate"),
                "rate",
                "unknown rate unit \"per fortnight\"",
            ),
            RowError::field(3, Some("=HYPERLINK(\"x\")"), "", "-bad, \"quoted\""),
        ];
        let mut out = Vec::new();
        write_error_report(&errors, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "row,column,field,reason\n\
             17,Pay Rate,rate,\"unknown rate unit \"\"per fortnight\"\"\"\n\
             3,\"'=HYPERLINK(\"\"x\"\")\",,\"'-bad, \"\"quoted\"\"\"\n"
        );
    }
}
