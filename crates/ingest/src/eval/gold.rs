//! Gold values from labelled resumes: spans recovered from offsets that are often a little
//! off, the comparison keys both sides are reduced to, skill blocks split into skills, and
//! phone numbers found by a strict pattern where the labels have none.

/// Case-folded, whitespace collapsed, punctuation and spaces trimmed from both ends:
/// "  Bengaluru, " → "bengaluru", "B.E." → "b.e".
pub(crate) fn norm(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
        .to_lowercase()
}

/// The labelled text of a point. The format's offsets are character offsets, `end` is
/// sometimes inclusive and sometimes cuts a word short, so the point's own text is looked up
/// in the content near `start` and widened to whole words; without a match the text is used
/// as given.
pub(crate) fn recover_span(content: &str, start: usize, text: Option<&str>, end: usize) -> String {
    let byte_at = |char_idx: usize| {
        content
            .char_indices()
            .nth(char_idx)
            .map_or(content.len(), |(b, _)| b)
    };
    let from = byte_at(start);
    let text = match text {
        Some(t) => t.to_string(),
        None => {
            let to = byte_at(end.saturating_add(1));
            content
                .get(from..to.max(from))
                .unwrap_or_default()
                .to_string()
        }
    };
    let wanted = text.trim();
    if wanted.is_empty() {
        return String::new();
    }
    let Some(at) = content
        .match_indices(wanted)
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(from))
    else {
        return wanted.to_string();
    };
    let mut a = at;
    let mut b = at + wanted.len();
    while let Some(c) = content[..a]
        .chars()
        .next_back()
        .filter(|c| c.is_alphanumeric())
    {
        if !wanted.chars().next().is_some_and(char::is_alphanumeric) {
            break;
        }
        a -= c.len_utf8();
    }
    while let Some(c) = content[b..].chars().next().filter(|c| c.is_alphanumeric()) {
        if !wanted
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            break;
        }
        b += c.len_utf8();
    }
    content[a..b].to_string()
}

/// The key of a contact value: an e-mail address in lower case, or a link without its
/// scheme, "www.", query, trailing slash and line breaks ("Indeed: indeed.com/r/Jane-\nDoe/1"
/// → "indeed.com/r/jane-doe/1").
pub(crate) fn contact_key(s: &str) -> String {
    if let Some(email) = s
        .split_whitespace()
        .find(|w| w.contains('@') && w.contains('.'))
    {
        let email = email.rsplit("://").next().unwrap_or(email);
        return norm(email);
    }
    // A leading label ("Indeed:") is not part of the link.
    let s = match s.split_once(": ") {
        Some((label, rest)) if !label.contains('/') && !label.contains('.') => rest,
        _ => s,
    };
    let joined: String = s.split_whitespace().collect();
    let lower = joined.to_lowercase();
    let no_scheme = lower.rsplit("://").next().unwrap_or(&lower);
    let no_www = no_scheme.strip_prefix("www.").unwrap_or(no_scheme);
    let no_query = no_www.split(['?', '#']).next().unwrap_or_default();
    norm(no_query.trim_end_matches('/'))
}

/// The last ten digits of a phone number: a country code written or inferred is not a
/// difference.
pub(crate) fn phone_key(s: &str) -> String {
    let digits: Vec<char> = s.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(10)..].iter().collect()
}

/// A labelled skills block split into skill names: on line breaks, commas, semicolons,
/// pipes and bullets; "Label:" prefixes and "(Less than 1 year)" suffixes dropped; items
/// longer than eight words are sentences, not skill names, and are left out.
pub(crate) fn split_skills(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in block.split(['\n', '\r']) {
        for piece in line.split([',', ';', '|', '•', '◦', '●', '▪', '·', '➢', '✓', '*'])
        {
            let mut item = piece.trim();
            if let Some((label, rest)) = item.split_once(':')
                && label.split_whitespace().count() <= 4
            {
                item = rest.trim();
            }
            if let Some(open) = item.find('(') {
                let inner = item[open..].to_lowercase();
                if inner.contains("year") || inner.contains("month") {
                    item = item[..open].trim();
                }
            }
            let item = item.trim_start_matches(['-', '–', '>', '~']).trim();
            let words = item.split_whitespace().count();
            if (1..=8).contains(&words) && item.chars().any(char::is_alphabetic) {
                out.push(norm(item));
            }
        }
    }
    out
}

/// Phone numbers in the content, found by a strict pattern because the labels have no
/// phone field: one line; digit groups joined by single spaces, dashes or dots (the first
/// group may be in parentheses); 10 to 13 digits; not two or more years; and either a '+'
/// country code, a phone label just before ("Phone", "Mobile", "Tel", "Cell", "Contact",
/// "Ph"), the North American shape 3-3-4, or standing alone as a field (the whole line, or
/// between '|', '•' or ',') in the first 15 lines, where the contact details are.
pub(crate) fn strict_phones(content: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (line_no, line) in content.lines().enumerate() {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (i, c) = chars[k];
            let prev = line[..i].chars().next_back();
            let boundary = prev.is_none_or(|p| p.is_whitespace() || matches!(p, ':' | '(' | ','));
            if !(boundary && (c == '+' || c == '(' || c.is_ascii_digit())) {
                k += 1;
                continue;
            }
            let end = chars[k..]
                .iter()
                .take_while(|(_, d)| {
                    d.is_ascii_digit() || matches!(d, ' ' | '-' | '.' | '(' | ')' | '+')
                })
                .last()
                .map_or(i, |(j, d)| j + d.len_utf8());
            let raw = line[i..end].trim_end_matches([' ', '-', '.', '(']);
            let next = line[i + raw.len()..].chars().next();
            let consumed = raw.chars().count().max(1);
            let is_field_end = |t: &str| t.is_empty() || t.ends_with(['|', '•', ',']);
            let alone = line_no < 15
                && is_field_end(line[..i].trim_end())
                && line[i + raw.len()..]
                    .trim_start()
                    .chars()
                    .next()
                    .is_none_or(|n| matches!(n, '|' | '•' | ','));
            if next.is_none_or(|n| n.is_whitespace() || matches!(n, ',' | ';' | ')' | '|'))
                && strict_shape(raw, &line[..i], alone)
            {
                out.push(raw.to_string());
            }
            k += consumed;
        }
    }
    out
}

fn strict_shape(raw: &str, before: &str, alone: bool) -> bool {
    if raw.contains("  ") || raw.contains("--") || raw.matches('+').count() > 1 {
        return false;
    }
    // "(+91) 98765 43210" writes the country code in brackets.
    let plus = raw.starts_with('+') || raw.starts_with("(+");
    if raw.contains('+') && !plus {
        return false;
    }
    let groups: Vec<&str> = raw
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let digits: usize = groups.iter().map(|g| g.len()).sum();
    if !(10..=13).contains(&digits) {
        return false;
    }
    let years = groups
        .iter()
        .filter(|g| g.len() == 4 && g.parse::<u32>().is_ok_and(|y| (1950..=2100).contains(&y)))
        .count();
    if years >= 2 {
        return false;
    }
    let tail: String = before
        .chars()
        .rev()
        .take(20)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail = tail.to_lowercase();
    let labelled = ["phone", "mobile", "mob", "tel", "cell", "contact", "ph"]
        .iter()
        .any(|l| tail.contains(l));
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let nanp = matches!(lens.as_slice(), [3, 3, 4])
        && (raw.contains('-') || raw.contains('.') || raw.starts_with('('));
    plus || labelled || nanp || alone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising() {
        assert_eq!(norm("  Bengaluru, "), "bengaluru");
        assert_eq!(norm("B.E.\n"), "b.e");
        assert_eq!(norm("C++"), "c++");
        assert_eq!(norm("Team  Lead"), "team lead");
    }

    #[test]
    fn spans_are_recovered() {
        let content = "Jane Doe\nworks at Infosys Limited\n";
        // Offsets one short and a cut word: widened to the word.
        assert_eq!(
            recover_span(content, 18, Some("nfosys Limited"), 31),
            "Infosys Limited"
        );
        assert_eq!(recover_span(content, 0, None, 7), "Jane Doe");
        assert_eq!(recover_span(content, 0, Some("Elsewhere"), 3), "Elsewhere");
        // Character offsets, not bytes.
        let content = "• Java\n• Go";
        assert_eq!(recover_span(content, 9, None, 10), "Go");
    }

    #[test]
    fn contact_keys() {
        assert_eq!(
            contact_key("Indeed: indeed.com/r/Jane-\nDoe/0a1b\n"),
            "indeed.com/r/jane-doe/0a1b"
        );
        assert_eq!(
            contact_key("https://www.indeed.com/r/Jane-Doe/0a1b?isid=x"),
            "indeed.com/r/jane-doe/0a1b"
        );
        assert_eq!(contact_key("Jane@X.com"), "jane@x.com");
        assert_eq!(phone_key("+91 98765 43210"), "9876543210");
    }

    #[test]
    fn skill_blocks() {
        let block = "C (Less than 1 year), Database (5 years),\n• Programming language: C++, Java\n\
                     I have used many tools across many teams in many places over years";
        assert_eq!(split_skills(block), ["c", "database", "c++", "java"]);
    }

    #[test]
    fn strict_phone_pattern() {
        assert_eq!(strict_phones("Mobile: +91 9500615962"), ["+91 9500615962"]);
        assert_eq!(
            strict_phones("Phone: +91-888-4350-386"),
            ["+91-888-4350-386"]
        );
        assert_eq!(strict_phones("call (214) 555-0134 now"), ["(214) 555-0134"]);
        assert_eq!(strict_phones("Jane Doe\n9876543210\n"), ["9876543210"]);
        assert_eq!(strict_phones("(+91) 98765 43210"), ["(+91) 98765 43210"]);
        assert!(strict_phones("2015 to 2019 560029").is_empty());
        assert!(strict_phones("Order 1234567890 shipped").is_empty());
        assert!(strict_phones("indeed.com/r/x/10e7a8cb732bc43a 9876543210").is_empty());
    }
}
