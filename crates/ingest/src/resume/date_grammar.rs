//! The grammar of written dates: tokens (words, numbers, punctuation) and a small
//! recursive-descent parser for single dates ("Jan 2019", "03/2021", "2019-01", "Jul '17")
//! and ranges ("2017 - 2019", "Nov 2017 to Present", "since 2020", "2018-19").

use chrono::{Datelike, NaiveDate};

use super::dates::{DateRange, YearMonth};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tok<'a> {
    Word(&'a str),
    Num(u32, usize),
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    tok: Tok<'a>,
    pub start: usize,
    pub end: usize,
}

fn tokenize(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let same = |d: char| {
            if c.is_ascii_digit() {
                d.is_ascii_digit()
            } else if c.is_alphabetic() {
                d.is_alphabetic()
            } else {
                false
            }
        };
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if !same(d) {
                break;
            }
            end = j + d.len_utf8();
            it.next();
        }
        let text = &s[i..end];
        let tok = if c.is_ascii_digit() {
            // Long digit runs are not dates; u32 overflow reads as "not a number".
            Tok::Num(text.parse().unwrap_or(u32::MAX), text.len())
        } else if c.is_alphabetic() {
            Tok::Word(text)
        } else {
            Tok::Punct(c)
        };
        out.push(Token { tok, start: i, end });
    }
    out
}

fn month_of(word: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = word.to_lowercase();
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(i) = full.iter().position(|f| *f == w) {
        return u8::try_from(i + 1).ok();
    }
    if w == "sept" {
        return Some(9);
    }
    if w.len() == 3 {
        return MONTHS
            .iter()
            .position(|m| *m == w)
            .and_then(|i| u8::try_from(i + 1).ok());
    }
    None
}

fn is_present(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "present"
            | "current"
            | "currently"
            | "now"
            | "today"
            | "ongoing"
            | "date"
            | "onwards"
            | "onward"
            | "continuing"
            | "heute"
            | "aujourd"
            | "actual"
            | "presente"
    )
}

fn is_range_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "to" | "till" | "until" | "through" | "thru" | "upto" | "bis" | "au" | "hasta"
    )
}

pub(crate) struct Parser<'a> {
    pub toks: Vec<Token<'a>>,
    max_year: u32,
    two_digit_pivot: u32,
}

impl Parser<'_> {
    fn year4(&self, i: usize) -> Option<u16> {
        match self.toks.get(i)?.tok {
            Tok::Num(y, 4) if (1950..=self.max_year).contains(&y) => u16::try_from(y).ok(),
            _ => None,
        }
    }

    fn year2(&self, i: usize) -> Option<u16> {
        match self.toks.get(i)?.tok {
            Tok::Num(y, 2) => {
                let full = if y <= self.two_digit_pivot {
                    2000 + y
                } else {
                    1900 + y
                };
                u16::try_from(full).ok()
            }
            _ => None,
        }
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.toks.get(i)?.tok {
            Tok::Punct(c) => Some(c),
            _ => None,
        }
    }

    fn word(&self, i: usize) -> Option<&str> {
        match self.toks.get(i)?.tok {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    fn small(&self, i: usize, max: u32) -> Option<u32> {
        match self.toks.get(i)?.tok {
            Tok::Num(n, 1 | 2) if (1..=max).contains(&n) => Some(n),
            _ => None,
        }
    }

    /// A date starting at token `i`, and the index after it.
    pub fn date(&self, i: usize) -> Option<(YearMonth, usize)> {
        // "15 Jan 2019": a day before the month name is skipped.
        if self.small(i, 31).is_some()
            && self.word(i + 1).and_then(month_of).is_some()
            && let Some(found) = self.month_date(i + 1)
        {
            return Some(found);
        }
        if let Some(found) = self.month_date(i) {
            return Some(found);
        }
        if let Some(first) = self.small(i, 31)
            && let Some(sep) = self.punct(i + 1).filter(|c| matches!(c, '/' | '-' | '.'))
        {
            // "03/2021", "3.2021", "15/03/2021".
            if let Some(y) = self.year4(i + 2) {
                let m = u8::try_from(first).ok().filter(|m| *m <= 12)?;
                return Some((YearMonth::new(y, Some(m))?, i + 3));
            }
            if let Some(second) = self.small(i + 2, 31)
                && self.punct(i + 3) == Some(sep)
                && let Some(y) = self.year4(i + 4)
            {
                let m = if first <= 12 && second > 12 {
                    first
                } else {
                    second
                };
                let m = u8::try_from(m).ok().filter(|m| *m <= 12)?;
                return Some((YearMonth::new(y, Some(m))?, i + 5));
            }
        }
        let y = self.year4(i)?;
        // "2019-01" or "2019/01", but not "2017-2019".
        if let Some('-' | '/' | '.') = self.punct(i + 1)
            && let Some(m) = self.small(i + 2, 12)
            && matches!(self.toks.get(i + 2).map(|t| t.tok), Some(Tok::Num(_, 2)))
            && u32::from(y % 100) >= m
            && let Some(ym) = YearMonth::new(y, u8::try_from(m).ok())
        {
            return Some((ym, i + 3));
        }
        Some((YearMonth::new(y, None)?, i + 1))
    }

    /// "Jan 2019", "January, 2019", "Jan '19", "Jan 15, 2019".
    fn month_date(&self, i: usize) -> Option<(YearMonth, usize)> {
        let m = month_of(self.word(i)?)?;
        let mut j = i + 1;
        if self.punct(j) == Some('.') {
            j += 1;
        }
        if self.small(j, 31).is_some() && self.punct(j + 1) == Some(',') {
            j += 2;
        } else if self.small(j, 31).is_some() && self.year4(j + 1).is_some() {
            j += 1;
        }
        if self.punct(j) == Some(',') {
            j += 1;
        }
        if let Some(y) = self.year4(j) {
            return Some((YearMonth::new(y, Some(m))?, j + 1));
        }
        if matches!(self.punct(j), Some('\'' | '’' | '‘')) {
            let y = self.year2(j + 1)?;
            return Some((YearMonth::new(y, Some(m))?, j + 2));
        }
        let y = self.year2(j)?;
        Some((YearMonth::new(y, Some(m))?, j + 1))
    }

    /// A range separator at `i`, and the index after it.
    fn separator(&self, i: usize) -> Option<usize> {
        if let Some(c) = self.punct(i)
            && matches!(c, '-' | '–' | '—' | '~' | '−' | '‐' | '‑' | '→')
        {
            // "- to" or "–to" happen too.
            if self.word(i + 1).is_some_and(is_range_word) {
                return Some(i + 2);
            }
            return Some(i + 1);
        }
        if self.word(i).is_some_and(is_range_word) {
            // "up to".
            return Some(i + 1);
        }
        if self.word(i).is_some_and(|w| w.eq_ignore_ascii_case("up"))
            && self
                .word(i + 1)
                .is_some_and(|w| w.eq_ignore_ascii_case("to"))
        {
            return Some(i + 2);
        }
        None
    }

    /// A range starting at token `i`, and the index after it.
    pub fn range(&self, i: usize) -> Option<(DateRange, usize)> {
        let since = self
            .word(i)
            .is_some_and(|w| matches!(w.to_lowercase().as_str(), "since" | "seit" | "depuis"));
        let at = if since { i + 1 } else { i };
        // "Jan - Mar 2019": the start's year comes from the end.
        if let Some(m) = self.word(at).and_then(month_of)
            && self.year4(at + 1).is_none()
            && self.year2(at + 1).is_none()
            && let Some(after_sep) = self.separator(at + 1)
            && let Some((end, next)) = self.date(after_sep)
            && end.month.is_some()
        {
            let start = YearMonth::new(end.year, Some(m))?;
            return Some((self.make(i, next, start, Some(end)), next));
        }
        // "between 2008 and 2012".
        if self
            .word(i)
            .is_some_and(|w| w.eq_ignore_ascii_case("between"))
            && let Some((start, after)) = self.date(i + 1)
            && self
                .word(after)
                .is_some_and(|w| w.eq_ignore_ascii_case("and"))
            && let Some((end, next)) = self.date(after + 1)
            && end.year >= start.year
        {
            return Some((self.make(i, next, start, Some(end)), next));
        }
        let (start, after) = self.date(at)?;
        if since {
            return Some((self.make(i, after, start, None), after));
        }
        if self
            .word(after)
            .is_some_and(|w| w.eq_ignore_ascii_case("onwards") || w.eq_ignore_ascii_case("onward"))
        {
            return Some((self.make(i, after + 1, start, None), after + 1));
        }
        let after_sep = self.separator(after)?;
        // "till date", "to date", "- Present", "to now".
        let mut j = after_sep;
        if self
            .word(j)
            .is_some_and(|w| w.eq_ignore_ascii_case("till") || w.eq_ignore_ascii_case("the"))
        {
            j += 1;
        }
        if self.word(j).is_some_and(is_present) {
            // "aujourd'hui" is one word in three tokens.
            let mut k = j + 1;
            if matches!(self.punct(k), Some('\'' | '’')) && self.word(k + 1).is_some() {
                k += 2;
            }
            return Some((self.make(i, k, start, None), k));
        }
        // "2018-19": an academic year.
        if start.month.is_none()
            && let Some(Tok::Num(yy, 2)) = self.toks.get(after_sep).map(|t| t.tok)
            && yy > u32::from(start.year % 100)
            && yy - u32::from(start.year % 100) <= 10
        {
            let end = YearMonth::new(
                start.year - start.year % 100 + u16::try_from(yy).ok()?,
                None,
            )?;
            return Some((self.make(i, after_sep + 1, start, Some(end)), after_sep + 1));
        }
        let (end, next) = self.date(after_sep)?;
        Some((self.make(i, next, start, Some(end)), next))
    }

    fn make(&self, from: usize, to: usize, start: YearMonth, end: Option<YearMonth>) -> DateRange {
        let a = self.toks.get(from).map_or(0, |t| t.start);
        let b = to
            .checked_sub(1)
            .and_then(|k| self.toks.get(k))
            .map_or(a, |t| t.end);
        DateRange {
            start,
            end,
            span: (a, b),
        }
    }
}

pub(crate) fn parser(s: &str, today: NaiveDate) -> Parser<'_> {
    let max_year = u32::try_from(today.year()).unwrap_or(2100) + 6;
    Parser {
        toks: tokenize(s),
        max_year,
        two_digit_pivot: u32::try_from(today.year() % 100).unwrap_or(0) + 5,
    }
}
