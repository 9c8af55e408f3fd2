//! Format and delimiter sniffing over the first 64 KiB of decoded text.

use super::kind::Format;

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Records looked at when choosing the delimiter.
const SNIFF_RECORDS: usize = 20;

/// `[` starts a JSON array, `{` JSON Lines; anything else is delimited text.
pub(crate) fn format(sample: &[u8]) -> Format {
    match sample.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => Format::JsonArray,
        Some(b'{') => Format::JsonLines,
        _ => Format::Csv,
    }
}

/// The delimiter among `,` `;` tab `|` that appears in the header and the same number of
/// times in the most following records, outside quotes; more columns break a tie, then the
/// order above. `complete` says the sample holds the whole file, so its last line is whole.
pub(crate) fn delimiter(sample: &[u8], complete: bool) -> u8 {
    let records = count_per_record(sample, complete);
    let Some(header) = records.first() else {
        return b',';
    };
    let mut best: Option<((usize, usize), usize)> = None;
    for (i, &in_header) in header.iter().enumerate() {
        if in_header == 0 {
            continue;
        }
        let consistent = records[1..].iter().filter(|r| r[i] == in_header).count();
        let score = (consistent, in_header);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    best.map_or(b',', |(_, i)| DELIMITERS[i])
}

/// For each non-blank record, how often each candidate delimiter occurs outside quotes.
fn count_per_record(sample: &[u8], complete: bool) -> Vec<[usize; 4]> {
    let mut records = Vec::new();
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    let mut blank = true;
    for &b in sample {
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                blank = false;
            }
            _ if in_quotes => {}
            b'\n' => {
                if !blank {
                    records.push(counts);
                    if records.len() >= SNIFF_RECORDS {
                        return records;
                    }
                }
                counts = [0; 4];
                blank = true;
            }
            b'\r' | b' ' => {}
            _ => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                    counts[i] += 1;
                }
                blank = false;
            }
        }
    }
    if complete && !blank {
        records.push(counts);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format(b"  \n[{}]"), Format::JsonArray);
        assert_eq!(format(b"{\"a\":1}\n"), Format::JsonLines);
        assert_eq!(format(b"Name,Email"), Format::Csv);
        assert_eq!(format(b""), Format::Csv);
    }

    #[test]
    fn delimiters() {
        assert_eq!(delimiter(b"a,b,c\n1,2,3\n", true), b',');
        assert_eq!(delimiter(b"Name;Rate\nJo;65,50\nAl;70,00\n", true), b';');
        assert_eq!(delimiter(b"Name\tSkills\nJo\tJava, Go, SQL\n", true), b'\t');
        assert_eq!(delimiter(b"a|b\n1|2", true), b'|');
        assert_eq!(
            delimiter(b"Name,Skills\n\"Doe; J\",\"a;b;c\"\n", true),
            b','
        );
        assert_eq!(delimiter(b"Name\nJo\n", true), b',');
        assert_eq!(delimiter(b"", true), b',');
        // A quoted newline does not end the record.
        assert_eq!(delimiter(b"a;b\n\"x\ny,z\";2\n", true), b';');
    }
}
