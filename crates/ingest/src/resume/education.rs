//! Education: degrees, schools and completion years, read line by line through the
//! education sections and grouped into entries in whatever order a resume writes them
//! ("Degree / School / Years", "School / Degree / Year", or all on one line).

use chrono::NaiveDate;

use super::dates::find_dates;
use super::places::{parse_place, strip_place_tail};
use super::sections::Layout;
use super::text::{
    Line, is_capitalised, key, span_in, split_fields, strip_bullet, trim_separators, word_count,
};
use super::vocab::{degree_score, institution_score};
use super::{Education, Field, SectionKind};

const DEGREE_LABELS: &[&str] = &["degree", "qualification", "course", "program", "programme"];
const SCHOOL_LABELS: &[&str] = &[
    "university",
    "college",
    "institute",
    "institution",
    "school",
    "board",
    "university board",
];
const YEAR_LABELS: &[&str] = &[
    "year",
    "year of passing",
    "passing year",
    "passed out",
    "graduation year",
    "year of completion",
];

pub(crate) fn extract(lines: &[Line<'_>], layout: &Layout, today: NaiveDate) -> Vec<Education> {
    let ranges = layout.ranges(SectionKind::Education);
    let mut out = Vec::new();
    if ranges.is_empty() {
        // No heading: only lines that are plainly degrees, wherever they are.
        for (i, line) in lines.iter().enumerate() {
            let kind = layout.kind_of(i);
            let body = strip_bullet(line.text).1;
            if !matches!(
                kind,
                Some(SectionKind::Experience | SectionKind::Projects | SectionKind::Skills)
            ) && word_count(body) <= 12
                && degree_score(body) >= 0.9
            {
                let mut reader = Reader::new(0.6, today);
                reader.read_line(line);
                out.extend(reader.finish());
            }
        }
        return out;
    }
    for (first, end) in ranges {
        let mut reader = Reader::new(1.0, today);
        for line in lines.iter().take(end).skip(first) {
            if !line.is_blank() {
                reader.read_line(line);
            }
        }
        out.extend(reader.finish());
    }
    out
}

/// Builds entries from the lines of one section.
struct Reader {
    certainty: f32,
    today: NaiveDate,
    current: Education,
    done: Vec<Education>,
    /// The last degree line looked cut short by a line break.
    wrapped: bool,
}

impl Reader {
    fn new(certainty: f32, today: NaiveDate) -> Self {
        Self {
            certainty,
            today,
            current: empty(),
            done: Vec::new(),
            wrapped: false,
        }
    }

    fn finish(mut self) -> Vec<Education> {
        self.flush();
        self.done
    }

    fn flush(&mut self) {
        let entry = std::mem::replace(&mut self.current, empty());
        if entry.degree.is_some() || entry.institution.is_some() {
            self.done.push(entry);
        }
    }

    fn read_line(&mut self, line: &Line<'_>) {
        let (_, body) = strip_bullet(line.text);
        if word_count(body) > 16 || is_table_header(body) {
            self.wrapped = false;
            return;
        }
        let offset = span_in(line.text, body).map_or(0, |(a, _)| a);
        let base = line.start + offset;
        if std::mem::take(&mut self.wrapped) && self.continue_degree(body, base) {
            return;
        }
        // Labelled lines first: "Degree: B.Sc", "University: X", "Year of passing: 2015".
        if let Some((label, value)) = body.split_once(':') {
            let k = key(label);
            let value = trim_separators(value);
            let at = base + span_in(body, value).map_or(0, |(a, _)| a);
            if DEGREE_LABELS.contains(&k.as_str()) && !value.is_empty() {
                self.set_degree(Field::at(
                    value.to_string(),
                    0.9 * self.certainty,
                    at,
                    at + value.len(),
                ));
                return;
            }
            if SCHOOL_LABELS.contains(&k.as_str()) && !value.is_empty() {
                self.set_school(Field::at(
                    value.to_string(),
                    0.9 * self.certainty,
                    at,
                    at + value.len(),
                ));
                return;
            }
            if YEAR_LABELS.contains(&k.as_str()) {
                self.read_year(value, at);
                return;
            }
        }
        let mut pieces: Vec<&str> = Vec::new();
        for part in split_fields(body) {
            pieces.extend(split_degree_school(part));
        }
        for piece in pieces {
            let piece_at = base + span_in(body, piece).map_or(0, |(a, _)| a);
            let clean = before_dates(piece, self.today);
            let at = base + span_in(body, clean).map_or(0, |(a, _)| a);
            let d = degree_score(clean);
            let s = institution_score(clean);
            if d > 0.0 && d >= s {
                self.set_degree(Field::at(
                    clean.to_string(),
                    d * self.certainty,
                    at,
                    at + clean.len(),
                ));
                self.wrapped = ends_unfinished(clean) && piece.len() == body.len();
            } else if s > 0.0 {
                let school = strip_place_tail(clean);
                self.set_school(Field::at(
                    school.to_string(),
                    s * self.certainty,
                    at,
                    at + school.len(),
                ));
            } else if parse_place(clean).is_none()
                && self.current.degree.is_some()
                && self.current.institution.is_none()
                && looks_like_name(clean)
            {
                // A school name without a telling word, under its degree.
                self.set_school(Field::at(
                    clean.to_string(),
                    0.5 * self.certainty,
                    at,
                    at + clean.len(),
                ));
            }
            self.read_year(piece, piece_at);
        }
    }

    /// Appends a wrapped line to the degree above ("… Marketing and" / "Human Resource").
    fn continue_degree(&mut self, body: &str, at: usize) -> bool {
        let Some(degree) = self.current.degree.as_mut() else {
            return false;
        };
        if institution_score(body) > 0.0
            || degree_score(body) > 0.0
            || !find_dates(body, self.today).is_empty()
            || word_count(body) > 6
        {
            return false;
        }
        degree.value = format!("{} {}", degree.value, body.trim());
        degree.end = Some(at + body.trim_end().len());
        self.wrapped = ends_unfinished(body);
        true
    }

    fn read_year(&mut self, s: &str, at: usize) {
        let max_year = u16::try_from(chrono::Datelike::year(&self.today)).unwrap_or(2100) + 6;
        let Some((date, (a, b))) = find_dates(s, self.today)
            .into_iter()
            .filter(|(d, _)| d.year <= max_year)
            .max_by_key(|(d, _)| d.year)
        else {
            return;
        };
        if self.current.year.is_some() {
            self.flush();
        }
        self.current.year = Some(Field::at(date.year, 0.8 * self.certainty, at + a, at + b));
    }

    fn set_degree(&mut self, f: Field<String>) {
        if self.current.degree.is_some() {
            self.flush();
        }
        self.current.degree = Some(f);
    }

    fn set_school(&mut self, f: Field<String>) {
        if self.current.institution.is_some() {
            self.flush();
        }
        self.current.institution = Some(f);
    }
}

fn empty() -> Education {
    Education {
        degree: None,
        institution: None,
        year: None,
    }
}

/// "B.Tech, XYZ Institute of Technology" and "B.Sc from Delhi University" hold two fields.
fn split_degree_school(part: &str) -> Vec<&str> {
    for sep in [" from ", " at ", ", ", " - "] {
        for (i, _) in part.match_indices(sep) {
            let (a, b) = (
                trim_separators(&part[..i]),
                trim_separators(&part[i + sep.len()..]),
            );
            if degree_score(a) > 0.0 && institution_score(b) > 0.0 && institution_score(a) == 0.0 {
                return vec![a, b];
            }
            if institution_score(a) > 0.0 && degree_score(b) > 0.0 && degree_score(a) == 0.0 {
                return vec![a, b];
            }
        }
    }
    vec![part]
}

/// The text before the first date in it ("B.Sc (2015)" → "B.Sc"), when that leaves a name.
fn before_dates(s: &str, today: NaiveDate) -> &str {
    match find_dates(s, today).first() {
        Some((_, (a, _))) if *a > 2 => trim_separators(&s[..*a]),
        _ => s,
    }
}

/// A degree line that ends mid-phrase ("… in", "… and", "… &") continues on the next line;
/// so does one whose last word names only half a field ("Electronics & Communication" /
/// "Engineering").
fn ends_unfinished(s: &str) -> bool {
    let last = s
        .split_whitespace()
        .next_back()
        .unwrap_or_default()
        .to_lowercase();
    matches!(
        last.as_str(),
        "and" | "in" | "of" | "&" | "with" | "for" | "-" | ","
    ) || s.trim_end().ends_with([',', '&', '-'])
        || matches!(
            last.as_str(),
            "communication" | "communications" | "electronics" | "computer"
        )
}

/// The header row of an education table ("Qualification | Board/University | Year | %").
fn is_table_header(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "institute",
        "institution",
        "board",
        "university",
        "year",
        "passing",
        "percentage",
        "qualification",
        "course",
        "degree",
        "college",
        "school",
        "marks",
        "cgpa",
        "grade",
        "class",
        "examination",
        "exam",
        "stream",
        "of",
        "and",
        "name",
        "specialization",
        "score",
        "result",
        "division",
        "aggregate",
    ];
    let k = key(s);
    let words: Vec<&str> = k.split(' ').filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.iter().all(|w| WORDS.contains(w))
        && (words.len() >= 2 || s.contains('/'))
}

/// Capitalised words without digits or sentence punctuation.
fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 8
        && !s.chars().any(|c| c.is_ascii_digit() || c == '%')
        && is_capitalised(words[0])
}

#[cfg(test)]
#[path = "education_tests.rs"]
mod tests;
