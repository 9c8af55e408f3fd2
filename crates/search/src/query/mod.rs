//! The recruiter's query language.
//!
//! ```text
//! java AND (spring OR "spring boot") NOT title:intern skill:kubernetes
//!     near:"Austin, TX" radius:50mi remote:hybrid,remote available:2027-01-15
//!     rate:50..90 auth:us_citizen,green_card status:active
//! ```
//!
//! - Words and `"phrases"` match any text field; `title:`, `skill:`, `company:`,
//!   `name:` and `text:` restrict a word or phrase to one field. `id:` finds a record by
//!   its id, external id, e-mail or phone.
//! - `AND`, `OR` and `NOT` (upper case; also `&&`, `||` and a leading `-`) with
//!   parentheses; terms side by side are ANDed; `AND` binds tighter than `OR`.
//! - Filters narrow the whole result and so may not sit under `OR` or `NOT`: `near:` a
//!   place with `radius:` (`mi` or `km`, 25 mi by default), `remote:`, `available:` (free
//!   on or before a date), `rate:` (an hourly range `min..max`, either end open), `auth:`
//!   (work authorisations) and `status:`; lists are comma-separated.
//!
//! A malformed query is a [`QueryError`] naming the character position (counted from 1)
//! where it goes wrong.

use std::fmt;

use chrono::NaiveDate;
use hireloop_domain::values::{RemoteMode, WorkAuthorization};

/// The text fields a term can be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TextField {
    /// A person's name, a requirement's title.
    Name,
    /// Headline and job titles held; a requirement's title.
    Title,
    Skill,
    Company,
    /// Everything else: summary, descriptions, education, certifications.
    Text,
}

impl TextField {
    pub const ALL: [TextField; 5] = [
        TextField::Name,
        TextField::Title,
        TextField::Skill,
        TextField::Company,
        TextField::Text,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TextField::Name => "name",
            TextField::Title => "title",
            TextField::Skill => "skill",
            TextField::Company => "company",
            TextField::Text => "text",
        }
    }
}

/// A boolean query over the text fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// One word (`field` `None`: any text field).
    Term {
        field: Option<TextField>,
        text: String,
        pos: usize,
    },
    /// Words in this order.
    Phrase {
        field: Option<TextField>,
        text: String,
        pos: usize,
    },
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
}

impl Expr {
    /// The words and phrases a document should contain (those not under `NOT`), in
    /// query order: what the semantic side embeds.
    pub fn positive_text(&self) -> Vec<&str> {
        let mut out = Vec::new();
        fn walk<'a>(e: &'a Expr, out: &mut Vec<&'a str>) {
            match e {
                Expr::Term { text, .. } | Expr::Phrase { text, .. } => out.push(text),
                Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| walk(x, out)),
                Expr::Not(_) => {}
            }
        }
        walk(self, &mut out);
        out
    }
}

/// A filter as written, before places are resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterSpec {
    /// `near:"Austin, TX"`: the place as written.
    Near(String),
    /// `radius:50mi`, in kilometres.
    RadiusKm(f64),
    Remote(Vec<RemoteMode>),
    /// Free on or before this date.
    AvailableBy(NaiveDate),
    /// An hourly rate range in major units (either end open).
    Rate {
        min: Option<f64>,
        max: Option<f64>,
    },
    Auth(Vec<WorkAuthorization>),
    /// Lower-case status names; the caller checks them against the entity's.
    Status(Vec<String>),
    /// `id:`: a record id, external id, e-mail or phone.
    Id(String),
}

/// A filter and where it was written (1-based character position; 0 when it came from
/// a request parameter rather than the query text).
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub spec: FilterSpec,
    pub pos: usize,
}

/// A parsed query: the boolean part (absent when the query is only filters or empty)
/// and the filters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedQuery {
    pub expr: Option<Expr>,
    pub filters: Vec<Filter>,
}

/// Why a query could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at character {position})")]
pub struct QueryError {
    /// 1-based character position; 0 for a request parameter.
    pub position: usize,
    pub message: String,
}

impl QueryError {
    pub fn new(position: usize, message: impl Into<String>) -> Self {
        Self {
            position,
            message: message.into(),
        }
    }
}

/// The default radius around `near:` when `radius:` is not given: 25 miles.
pub const DEFAULT_RADIUS_KM: f64 = 25.0 * KM_PER_MILE;
pub(crate) const KM_PER_MILE: f64 = 1.609_344;
/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// Deepest nesting of parentheses and `NOT`s accepted.
const MAX_DEPTH: usize = 32;

const FIELDS_HELP: &str = "use title, skill, company, name, text, id, near, radius, remote, \
                           available, rate, auth or status";

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Word(String),
    Phrase(String),
    /// `field:value`; `quoted` when the value was a phrase.
    Field {
        name: String,
        value: String,
        quoted: bool,
        value_pos: usize,
    },
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    pos: usize,
}

fn lex(input: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let read_quoted = |start: usize| -> Result<(String, usize), QueryError> {
        // `start` is the opening quote.
        let mut j = start + 1;
        let mut s = String::new();
        while j < chars.len() && chars[j] != '"' {
            s.push(chars[j]);
            j += 1;
        }
        if j >= chars.len() {
            return Err(QueryError::new(start + 1, "this quote is never closed"));
        }
        Ok((s, j + 1))
    };
    while i < chars.len() {
        let c = chars[i];
        let pos = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => {
                out.push(Token {
                    tok: Tok::LParen,
                    pos,
                });
                i += 1;
            }
            ')' => {
                out.push(Token {
                    tok: Tok::RParen,
                    pos,
                });
                i += 1;
            }
            '"' => {
                let (s, next) = read_quoted(i)?;
                out.push(Token {
                    tok: Tok::Phrase(s),
                    pos,
                });
                i = next;
            }
            '-' if i + 1 < chars.len() && !chars[i + 1].is_whitespace() && chars[i + 1] != ')' => {
                out.push(Token { tok: Tok::Not, pos });
                i += 1;
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '(' | ')' | '"')
                {
                    // A field's quoted value: `near:"Austin, TX"`.
                    if chars[i] == ':' && chars.get(i + 1) == Some(&'"') {
                        break;
                    }
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if i < chars.len() && chars[i] == ':' {
                    // field:"quoted value"
                    let name = word;
                    let (value, next) = read_quoted(i + 1)?;
                    out.push(Token {
                        tok: Tok::Field {
                            name,
                            value,
                            quoted: true,
                            value_pos: i + 2,
                        },
                        pos,
                    });
                    i = next;
                    continue;
                }
                let tok = match word.as_str() {
                    "AND" | "&&" => Tok::And,
                    "OR" | "||" => Tok::Or,
                    "NOT" => Tok::Not,
                    _ => field_or_word(&word, pos)?,
                };
                out.push(Token { tok, pos });
            }
        }
    }
    Ok(out)
}

fn field_or_word(word: &str, pos: usize) -> Result<Tok, QueryError> {
    let Some((name, value)) = word.split_once(':') else {
        return Ok(Tok::Word(word.to_string()));
    };
    let looks_like_field = !name.is_empty()
        && name.len() <= 20
        && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
    // "https://…", "10:30", ":)" are words.
    if !looks_like_field || value.starts_with("//") {
        return Ok(Tok::Word(word.to_string()));
    }
    if value.is_empty() {
        return Err(QueryError::new(
            pos,
            format!("`{name}:` needs a value right after the colon"),
        ));
    }
    Ok(Tok::Field {
        name: name.to_ascii_lowercase(),
        value: value.to_string(),
        quoted: false,
        value_pos: pos + name.chars().count() + 1,
    })
}

/// A node while parsing: filters are leaves until they are lifted out.
#[derive(Debug, Clone)]
enum Node {
    Expr(Expr),
    Filter(Filter),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

struct Parser {
    toks: Vec<Token>,
    at: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.at)
    }

    fn or(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut parts = vec![self.and(depth)?];
        while let Some(t) = self.peek() {
            if t.tok != Tok::Or {
                break;
            }
            let pos = t.pos;
            self.at += 1;
            if self.starts_operand().is_none() {
                return Err(QueryError::new(pos, "OR needs a term on its right"));
            }
            parts.push(self.and(depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Node::Or(parts)
        })
    }

    /// The position of the next token when it can start an operand.
    fn starts_operand(&self) -> Option<usize> {
        self.peek().and_then(|t| match t.tok {
            Tok::RParen | Tok::And | Tok::Or => None,
            _ => Some(t.pos),
        })
    }

    fn and(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut parts = vec![self.unary(depth)?];
        loop {
            match self.peek().map(|t| (t.tok.clone(), t.pos)) {
                Some((Tok::And, pos)) => {
                    self.at += 1;
                    if self.starts_operand().is_none() {
                        return Err(QueryError::new(pos, "AND needs a term on its right"));
                    }
                    parts.push(self.unary(depth)?);
                }
                Some((Tok::Or | Tok::RParen, _)) | None => break,
                Some(_) => parts.push(self.unary(depth)?),
            }
        }
        Ok(if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Node::And(parts)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Node, QueryError> {
        if depth > MAX_DEPTH {
            let pos = self.peek().map_or(self.end, |t| t.pos);
            return Err(QueryError::new(pos, "the query nests too deeply"));
        }
        let Some(t) = self.peek().cloned() else {
            return Err(QueryError::new(
                self.end,
                "the query ends where a term was expected",
            ));
        };
        self.at += 1;
        match t.tok {
            Tok::Not => {
                if self.starts_operand().is_none() {
                    return Err(QueryError::new(t.pos, "NOT needs a term on its right"));
                }
                Ok(Node::Not(Box::new(self.unary(depth + 1)?)))
            }
            Tok::LParen => {
                if self.peek().is_some_and(|n| n.tok == Tok::RParen) {
                    return Err(QueryError::new(t.pos, "empty parentheses"));
                }
                let inner = self.or(depth + 1)?;
                match self.peek() {
                    Some(Token {
                        tok: Tok::RParen, ..
                    }) => {
                        self.at += 1;
                        Ok(inner)
                    }
                    _ => Err(QueryError::new(t.pos, "this parenthesis is never closed")),
                }
            }
            Tok::RParen => Err(QueryError::new(
                t.pos,
                "a closing parenthesis without an opening one",
            )),
            Tok::And | Tok::Or => {
                let op = if t.tok == Tok::And { "AND" } else { "OR" };
                Err(QueryError::new(
                    t.pos,
                    format!("{op} needs a term on its left"),
                ))
            }
            Tok::Word(w) => Ok(Node::Expr(Expr::Term {
                field: None,
                text: w,
                pos: t.pos,
            })),
            Tok::Phrase(p) => {
                if p.trim().is_empty() {
                    return Err(QueryError::new(t.pos, "an empty phrase"));
                }
                Ok(Node::Expr(Expr::Phrase {
                    field: None,
                    text: p,
                    pos: t.pos,
                }))
            }
            Tok::Field {
                name,
                value,
                quoted,
                value_pos,
            } => field_node(&name, value, quoted, t.pos, value_pos),
        }
    }
}

fn field_node(
    name: &str,
    value: String,
    quoted: bool,
    pos: usize,
    value_pos: usize,
) -> Result<Node, QueryError> {
    let text_field = match name {
        "title" => Some(TextField::Title),
        "skill" | "skills" => Some(TextField::Skill),
        "company" | "employer" => Some(TextField::Company),
        "name" => Some(TextField::Name),
        "text" => Some(TextField::Text),
        _ => None,
    };
    if let Some(field) = text_field {
        if value.trim().is_empty() {
            return Err(QueryError::new(
                value_pos,
                format!("`{name}:` has an empty value"),
            ));
        }
        let field = Some(field);
        return Ok(Node::Expr(if quoted {
            Expr::Phrase {
                field,
                text: value,
                pos,
            }
        } else {
            Expr::Term {
                field,
                text: value,
                pos,
            }
        }));
    }
    let spec = parse_filter(name, &value, value_pos)?;
    Ok(Node::Filter(Filter { spec, pos }))
}

/// A filter's value as the query or a request parameter gives it. `pos` is where the
/// value starts (for errors).
pub fn parse_filter(name: &str, value: &str, pos: usize) -> Result<FilterSpec, QueryError> {
    let value = value.trim();
    let err = |m: String| QueryError::new(pos, m);
    if value.is_empty() {
        return Err(err(format!("`{name}` has an empty value")));
    }
    Ok(match name {
        "near" => FilterSpec::Near(value.to_string()),
        "radius" => FilterSpec::RadiusKm(parse_radius(value).map_err(err)?),
        "remote" => FilterSpec::Remote(
            list(value)
                .map(|v| RemoteMode::parse(v).map_err(|e| err(e.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        "available" | "available_by" => FilterSpec::AvailableBy(
            NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map_err(|_| err(format!("`{value}` is not a date: write YYYY-MM-DD")))?,
        ),
        "rate" => {
            let (min, max) = parse_range(value).map_err(err)?;
            FilterSpec::Rate { min, max }
        }
        "auth" => FilterSpec::Auth(
            list(value)
                .map(|v| WorkAuthorization::parse(v).map_err(|e| err(e.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        "status" => FilterSpec::Status(list(value).map(|s| s.to_ascii_lowercase()).collect()),
        "id" => FilterSpec::Id(value.to_string()),
        _ => {
            return Err(err(format!(
                "`{name}:` is not a field we know: {FIELDS_HELP}"
            )));
        }
    })
}

fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

fn parse_radius(value: &str) -> Result<f64, String> {
    let v = value.to_ascii_lowercase();
    let (num, factor) = if let Some(n) = v.strip_suffix("mi") {
        (n, KM_PER_MILE)
    } else if let Some(n) = v.strip_suffix("km") {
        (n, 1.0)
    } else {
        (v.as_str(), KM_PER_MILE)
    };
    match num.trim().parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 && r <= 20_000.0 => Ok(r * factor),
        _ => Err(format!(
            "`{value}` is not a radius: write a distance such as 50mi or 80km"
        )),
    }
}

fn parse_range(value: &str) -> Result<(Option<f64>, Option<f64>), String> {
    let bad =
        || format!("`{value}` is not a rate range: write min..max, min.. or ..max (per hour)");
    let num = |s: &str| -> Result<Option<f64>, String> {
        let s = s.trim().trim_start_matches('$');
        if s.is_empty() {
            return Ok(None);
        }
        match s.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => Ok(Some(n)),
            _ => Err(bad()),
        }
    };
    let (lo, hi) = if let Some((a, b)) = value.split_once("..") {
        (num(a)?, num(b)?)
    } else if let Some(b) = value.strip_prefix("<=").or(value.strip_prefix('<')) {
        (None, num(b)?)
    } else if let Some(a) = value.strip_prefix(">=").or(value.strip_prefix('>')) {
        (num(a)?, None)
    } else {
        return Err(bad());
    };
    if lo.is_none() && hi.is_none() {
        return Err(bad());
    }
    if let (Some(a), Some(b)) = (lo, hi)
        && a > b
    {
        return Err(format!("`{value}`: the minimum is above the maximum"));
    }
    Ok((lo, hi))
}

/// Reads a query. An empty query is valid (everything, then filtered).
pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
    let n = input.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(QueryError::new(
            MAX_QUERY_CHARS + 1,
            format!("the query is longer than {MAX_QUERY_CHARS} characters"),
        ));
    }
    let toks = lex(input)?;
    if toks.is_empty() {
        return Ok(ParsedQuery::default());
    }
    let mut p = Parser {
        toks,
        at: 0,
        end: n + 1,
    };
    let node = p.or(0)?;
    if let Some(t) = p.peek() {
        // Only a stray closing parenthesis stops the top level early.
        return Err(QueryError::new(
            t.pos,
            "a closing parenthesis without an opening one",
        ));
    }
    let mut filters = Vec::new();
    let expr = lift(node, &mut filters)?;
    Ok(ParsedQuery { expr, filters })
}

/// Takes the filters out of the top-level conjunction; a filter under `OR` or `NOT` is an
/// error.
fn lift(node: Node, filters: &mut Vec<Filter>) -> Result<Option<Expr>, QueryError> {
    match node {
        Node::Filter(f) => {
            filters.push(f);
            Ok(None)
        }
        Node::And(parts) => {
            let mut kept = Vec::new();
            for p in parts {
                if let Some(e) = lift(p, filters)? {
                    kept.push(e);
                }
            }
            Ok(match kept.len() {
                0 => None,
                1 => kept.pop(),
                _ => Some(Expr::And(kept)),
            })
        }
        other => Ok(Some(to_expr(other)?)),
    }
}

fn to_expr(node: Node) -> Result<Expr, QueryError> {
    match node {
        Node::Expr(e) => Ok(e),
        Node::Filter(f) => Err(QueryError::new(
            f.pos,
            "filters apply to the whole query: move this one out of OR and NOT",
        )),
        Node::And(parts) => Ok(Expr::And(
            parts.into_iter().map(to_expr).collect::<Result<_, _>>()?,
        )),
        Node::Or(parts) => Ok(Expr::Or(
            parts.into_iter().map(to_expr).collect::<Result<_, _>>()?,
        )),
        Node::Not(inner) => Ok(Expr::Not(Box::new(to_expr(*inner)?))),
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = |field: &Option<TextField>| {
            field
                .map(|x| format!("{}:", x.as_str()))
                .unwrap_or_default()
        };
        match self {
            Expr::Term { field, text, .. } => write!(f, "{}{text}", prefix(field)),
            Expr::Phrase { field, text, .. } => write!(f, "{}\"{text}\"", prefix(field)),
            Expr::And(xs) => {
                let parts: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
                write!(f, "({})", parts.join(" AND "))
            }
            Expr::Or(xs) => {
                let parts: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
                write!(f, "({})", parts.join(" OR "))
            }
            Expr::Not(x) => write!(f, "NOT {x}"),
        }
    }
}

#[cfg(test)]
mod tests;
