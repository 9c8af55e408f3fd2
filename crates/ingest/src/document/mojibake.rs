//! Repairing mojibake: UTF-8 text that some producer (often a PDF's font encoding, or a
//! file saved through Windows-1252) decoded a second time, byte by byte, so "–" reads
//! "â€“" and "：" reads "ï¼š". Each run that is exactly the Latin-1 / Windows-1252
//! spelling of one well-formed UTF-8 character is put back; anything else, including
//! real accented text ("São Paulo", "Müller"), is left as it is.

use std::borrow::Cow;

/// The byte Windows-1252 shows as `c`, for the characters it puts in 0x80–0x9F.
fn cp1252_byte(c: char) -> Option<u8> {
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// A UTF-8 continuation byte (0x80–0xBF) as a single-byte decoder would have shown it.
fn continuation(c: char) -> Option<u8> {
    match c as u32 {
        0x80..=0xBF => Some(c as u32 as u8),
        _ => cp1252_byte(c).filter(|b| (0x80..=0xBF).contains(b)),
    }
}

/// How many continuation bytes a lead byte shown as `c` announces.
fn lead(c: char) -> Option<usize> {
    match c as u32 {
        0xC2..=0xDF => Some(1),
        0xE0..=0xEF => Some(2),
        0xF0..=0xF4 => Some(3),
        _ => None,
    }
}

/// The text with mojibake runs repaired, and how many characters were put back.
pub(crate) fn repair(text: &str) -> (Cow<'_, str>, usize) {
    if !text.chars().any(|c| lead(c).is_some()) {
        return (Cow::Borrowed(text), 0);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut fixed = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(n) = lead(c)
            && i + n < chars.len()
        {
            let mut bytes = vec![c as u32 as u8];
            bytes.extend(chars[i + 1..=i + n].iter().filter_map(|&k| continuation(k)));
            if bytes.len() == n + 1
                && let Ok(s) = std::str::from_utf8(&bytes)
            {
                out.push_str(s);
                fixed += 1;
                i += n + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    (Cow::Owned(out), fixed)
}

#[cfg(test)]
mod tests {
    use super::repair;

    #[test]
    fn double_decoded_utf8_is_put_back() {
        let (t, n) = repair("2019 â€“ 2021 Â· Acme â€™s ï¼š Ã©cole");
        assert_eq!(t, "2019 – 2021 · Acme ’s ： école");
        assert_eq!(n, 5);
        // Latin-1 C1 controls where Windows-1252 has nothing.
        let (t, _) = repair("Company Name ï¼\u{9a} City");
        assert_eq!(t, "Company Name ： City");
    }

    #[test]
    fn real_accents_are_left_alone() {
        for s in [
            "São Paulo",
            "Müller GmbH",
            "Ångström",
            "naïve café",
            "Â alone",
            "ï",
        ] {
            let (t, n) = repair(s);
            assert_eq!((t.as_ref(), n), (s, 0));
        }
    }
}
