//! Cell by cell: how each target reads its cell (or JSON value) into the draft row, with the
//! domain's own readers checking every value.

use hireloop_domain::values::{
    AvailabilityDate, Email, EmploymentType, RemoteMode, Skill, WorkAuthorization, YearsExperience,
};
use std::sync::Arc;

use serde_json::Value;

use super::{Draft, MAX_TAG, cells, rate};
use crate::bulk::json_rows::kind_of;
use crate::bulk::targets::{Op, Target};

impl Draft<'_> {
    /// A JSON value under a key: text and numbers are read like cells, arrays feed lists
    /// element by element, and structured values of the entity's own fields pass through.
    pub(crate) fn json(&mut self, column: &Arc<str>, target: &Target, value: Value) {
        match value {
            Value::Null => self.note(target_field(target), column),
            Value::String(s) => self.cell(column, target, &s, false),
            Value::Number(n) => self.cell(column, target, &n.to_string(), false),
            Value::Bool(b) => self.cell(column, target, if b { "yes" } else { "no" }, false),
            Value::Array(items) if is_list(&target.op) => {
                for item in items {
                    match item {
                        Value::String(s) => self.cell(column, target, &s, true),
                        Value::Number(n) => self.cell(column, target, &n.to_string(), true),
                        // A canonical skill object ({"name": "Java", "years": 6}).
                        obj @ Value::Object(_) if let Op::Skills(f) = target.op => {
                            self.note(f, column);
                            self.push(f, column, obj);
                        }
                        other => self.problem(
                            column,
                            target_field(target),
                            format!("expected text in the list, found {}", kind_of(&other)),
                        ),
                    }
                }
            }
            // Only fields whose canonical form is an object pass through as they are.
            other @ Value::Object(_) if matches!(target.op, Op::Location | Op::Rate(..)) => {
                self.note(target.name.clone(), column);
                let key = target.name.clone();
                self.set(&key, other);
            }
            other => self.problem(
                column,
                target_field(target),
                format!("expected text, found {}", kind_of(&other)),
            ),
        }
    }

    /// One cell. `whole` keeps a list cell as one item (it came from a JSON array).
    pub(crate) fn cell(&mut self, column: &Arc<str>, target: &Target, raw: &str, whole: bool) {
        let v = raw.trim();
        let field = target_field(target);
        self.note(field, column);
        if v.is_empty() {
            return;
        }
        let sourced = || Some((v.to_string(), column.clone()));
        match &target.op {
            Op::Text(f) => self.set(f, Value::String(v.to_string())),
            Op::Url(f) => self.set(f, Value::String(cells::url(v))),
            Op::FirstName => {
                self.first.get_or_insert_with(|| v.to_string());
            }
            Op::LastName => {
                self.last.get_or_insert_with(|| v.to_string());
            }
            Op::FullName => {
                self.full = self.full.take().or_else(sourced);
            }
            Op::Email => {
                let first = v
                    .split([',', ';', ' '])
                    .find(|p| !p.is_empty())
                    .unwrap_or(v);
                match Email::parse(first) {
                    Ok(e) => self.set("email", Value::String(e.as_str().to_string())),
                    Err(e) => self.problem(column, "email", e.0),
                }
            }
            Op::Phone => {
                let first = v
                    .split([',', ';', '\n'])
                    .flat_map(|p| p.split(" / "))
                    .find(|p| !p.trim().is_empty())
                    .unwrap_or(v);
                if self.phone.is_none() {
                    self.phone = Some((first.trim().to_string(), column.clone()));
                }
            }
            Op::City => self.city = self.city.take().or_else(sourced),
            Op::Region => self.region = self.region.take().or_else(sourced),
            Op::Country => self.country = self.country.take().or_else(sourced),
            Op::Location => {
                if self.place.is_none() {
                    self.place = Some((cells::place(v), column.clone()));
                }
            }
            Op::Remote(f) => match cells::boolean(v) {
                Ok(Some(yes)) => self.set(
                    f,
                    Value::String(if yes { "remote" } else { "onsite" }.into()),
                ),
                Ok(None) => {}
                Err(_) => match RemoteMode::parse(v) {
                    Ok(m) => self.set(f, Value::String(m.as_str().into())),
                    Err(e) => self.problem(column, f, e.0),
                },
            },
            Op::Bool(f) => match cells::boolean(v) {
                Ok(Some(b)) => self.set(f, Value::Bool(b)),
                Ok(None) => {}
                Err(e) => self.problem(column, f, e),
            },
            Op::WorkAuth => match WorkAuthorization::parse(v) {
                Ok(w) => self.set("work_authorization", Value::String(w.as_str().into())),
                Err(e) => self.problem(column, "work_authorization", e.0),
            },
            Op::WorkAuths => self.work_auths(column, v, whole),
            Op::Rate(f, end) => match rate::parse_rate(v, self.opts.currency, *end) {
                Ok(r) => self.set(f, serde_json::to_value(r).unwrap_or(Value::Null)),
                Err(e) => self.problem(column, f, e),
            },
            Op::AvailableFrom => {
                let parsed = cells::date(v, self.opts.today, self.opts.day_first)
                    .and_then(|d| AvailabilityDate::new(d).map_err(|e| e.0));
                match parsed {
                    Ok(d) => self.set("available_from", Value::String(d.to_string())),
                    Err(e) => self.problem(column, "available_from", e),
                }
            }
            Op::Date(f) => match cells::date(v, self.opts.today, self.opts.day_first) {
                Ok(d) => self.set(f, Value::String(d.format("%Y-%m-%d").to_string())),
                Err(e) => self.problem(column, f, e),
            },
            Op::Years(f) => match cells::years(v) {
                Ok((lo, _)) => self.years(column, f, lo),
                Err(e) => self.problem(column, f, e),
            },
            Op::MinYears => match cells::years(v) {
                Ok((lo, hi)) => {
                    self.years(column, "min_years", lo);
                    if let Some(hi) = hi {
                        self.note("max_years", column);
                        self.years(column, "max_years", hi);
                    }
                }
                Err(e) => self.problem(column, "min_years", e),
            },
            Op::Skills(f) => {
                let pieces = if whole {
                    vec![v]
                } else {
                    cells::split_list(v, true)
                };
                for piece in pieces {
                    let (name, years) = cells::skill_piece(piece);
                    match Skill::new(name, years, None) {
                        Ok(s) => {
                            self.push(f, column, serde_json::to_value(s).unwrap_or(Value::Null))
                        }
                        Err(e) => {
                            let at = format!("{f}[{}]", self.lists.get(f).map_or(0, Vec::len));
                            self.problem(column, &at, e.0);
                        }
                    }
                }
            }
            Op::Tags => {
                let pieces = if whole {
                    vec![v]
                } else {
                    cells::split_list(v, false)
                };
                for piece in pieces {
                    self.push("tags", column, Value::String(piece.to_string()));
                }
            }
            Op::Tag(label) => {
                let tag = truncate(&format!("{label}:{v}"), MAX_TAG);
                self.push("tags", column, Value::String(tag));
            }
            Op::Choice(f, choices) => match cells::choice(v, choices) {
                Ok(c) => self.set(f, Value::String(c.into())),
                Err(e) => self.problem(column, f, e),
            },
            Op::EmploymentType => self.employment_type(column, v),
            Op::Months(f) => match cells::months(v) {
                Ok(m) => self.set(f, Value::from(m)),
                Err(e) => self.problem(column, f, e),
            },
            Op::Count(f) => match cells::count(v) {
                Ok(n) => self.set(f, Value::from(n)),
                Err(e) => self.problem(column, f, e),
            },
        }
    }

    fn years(&mut self, column: &str, field: &str, years: f64) {
        match YearsExperience::new(years) {
            Ok(y) => self.set(field, serde_json::to_value(y).unwrap_or(Value::Null)),
            Err(e) => self.problem(column, field, e.0),
        }
    }

    /// "USC/GC/H1B", "H-1B, OPT/CPT": a piece the domain does not know as a whole is tried
    /// split on slashes ("OPT/CPT" is one authorisation, "USC/GC" two).
    fn work_auths(&mut self, column: &Arc<str>, v: &str, whole: bool) {
        let pieces = if whole {
            vec![v]
        } else {
            cells::split_list(v, false)
        };
        for piece in pieces {
            let parsed = WorkAuthorization::parse(piece)
                .map(|w| vec![w])
                .or_else(|e| {
                    let parts: Result<Vec<_>, _> = piece
                        .split('/')
                        .filter(|p| !p.trim().is_empty())
                        .map(WorkAuthorization::parse)
                        .collect();
                    parts.map_err(|_| e)
                });
            match parsed {
                Ok(auths) => {
                    for a in auths {
                        self.push(
                            "work_authorizations",
                            column,
                            Value::String(a.as_str().into()),
                        );
                    }
                }
                Err(e) => {
                    let at = self.lists.get("work_authorizations").map_or(0, Vec::len);
                    self.problem(column, &format!("work_authorizations[{at}]"), e.0);
                }
            }
        }
    }

    /// The entity holds one type; "Contract", "C2H" or "W2/C2C" say something else, so the
    /// words are kept as a tag rather than refused or guessed at.
    fn employment_type(&mut self, column: &Arc<str>, v: &str) {
        let parts: Vec<&str> = v
            .split(['/', ','])
            .flat_map(|p| p.split(" or "))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let kinds: Result<Vec<EmploymentType>, _> =
            parts.iter().map(|p| EmploymentType::parse(p)).collect();
        match kinds {
            Ok(k) if !k.is_empty() && k.iter().all(|x| *x == k[0]) => {
                self.set("employment_type", Value::String(k[0].as_str().into()));
            }
            _ => {
                let tag = truncate(&format!("employment:{v}"), MAX_TAG);
                self.push("tags", column, Value::String(tag));
            }
        }
    }
}

/// The field path a target's problems and provenance are filed under.
fn target_field(target: &Target) -> &'static str {
    match &target.op {
        Op::City | Op::Region | Op::Country | Op::Location => "location",
        Op::FirstName => "first_name",
        Op::LastName => "last_name",
        Op::FullName => "name",
        Op::Tag(_) | Op::Tags => "tags",
        Op::WorkAuth => "work_authorization",
        Op::WorkAuths => "work_authorizations",
        Op::MinYears => "min_years",
        Op::AvailableFrom => "available_from",
        Op::EmploymentType => "employment_type",
        Op::Email => "email",
        Op::Phone => "phone",
        Op::Text(f)
        | Op::Url(f)
        | Op::Remote(f)
        | Op::Bool(f)
        | Op::Rate(f, _)
        | Op::Date(f)
        | Op::Years(f)
        | Op::Skills(f)
        | Op::Choice(f, _)
        | Op::Months(f)
        | Op::Count(f) => f,
    }
}

fn is_list(op: &Op) -> bool {
    matches!(op, Op::Skills(_) | Op::Tags | Op::Tag(_) | Op::WorkAuths)
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
