//! One row to entity JSON: applies each column's target to its cell (or each JSON key's to
//! its value), keeps which column fed which field, and collects what could not be read.
//! Values are checked with the domain's own readers here so that every problem in a row is
//! reported at once; `parse_entity` then checks the assembled whole.

mod apply;
pub(crate) mod cells;
pub(crate) mod rate;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use hireloop_domain::values::{CountryCode, Currency, Location, Phone, us_state_code};
use serde_json::{Map, Value};

use super::error::RowError;
use super::kind::EntityKind;
use super::targets::remote_field;
use cells::PlaceText;

/// The longest tag the entities accept.
const MAX_TAG: usize = 50;

/// What the caller knows that a cell may need.
#[derive(Debug, Clone)]
pub(crate) struct ConvertOptions {
    /// What "ASAP" and "immediately" mean; without it they are refused.
    pub today: Option<NaiveDate>,
    /// The currency of an amount that names none; USD when absent.
    pub currency: Option<Currency>,
    /// Read "01/02/2026" as 1 February.
    pub day_first: bool,
}

/// A converted row.
#[derive(Debug)]
pub(crate) struct Converted {
    pub value: Value,
    pub provenance: Provenance,
    pub problems: Vec<RowError>,
}

/// Which source column fed each entity field (`skills[2]` → "Skills"), kept for every
/// row and read only when one of its fields has a problem to report. A list of
/// (field, item, column) with the column names shared, so noting a field costs no
/// allocation; when several columns feed one field, the first one noted is the answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance(Vec<(Cow<'static, str>, Option<u32>, Arc<str>)>);

impl Provenance {
    /// Fields noted per row before the list grows.
    const TYPICAL: usize = 16;

    /// Records that `column` feeds `field` (item `item` of it, for a list).
    pub(crate) fn note(
        &mut self,
        field: impl Into<Cow<'static, str>>,
        item: Option<u32>,
        column: &Arc<str>,
    ) {
        if self.0.capacity() == 0 {
            self.0.reserve_exact(Self::TYPICAL);
        }
        self.0.push((field.into(), item, column.clone()));
    }

    /// The column behind a field path exactly as written (`email`, `skills[2]`).
    pub fn get(&self, path: &str) -> Option<&str> {
        let (field, item) = match path.strip_suffix(']').and_then(|p| p.rsplit_once('[')) {
            Some((field, n)) => match n.parse::<u32>() {
                Ok(n) => (field, Some(n)),
                Err(_) => (path, None),
            },
            None => (path, None),
        };
        self.0
            .iter()
            .find(|(f, i, _)| *i == item && f == field)
            .map(|(_, _, c)| &**c)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A value and the column it came from.
type Sourced<T> = Option<(T, Arc<str>)>;

/// One row being assembled.
pub(crate) struct Draft<'a> {
    kind: EntityKind,
    opts: &'a ConvertOptions,
    row: u64,
    obj: Map<String, Value>,
    provenance: Provenance,
    problems: Vec<RowError>,
    first: Option<String>,
    last: Option<String>,
    full: Sourced<String>,
    city: Sourced<String>,
    region: Sourced<String>,
    country: Sourced<String>,
    place: Sourced<PlaceText>,
    phone: Sourced<String>,
    lists: BTreeMap<&'static str, Vec<Value>>,
}

impl<'a> Draft<'a> {
    pub(crate) fn new(kind: EntityKind, opts: &'a ConvertOptions, row: u64) -> Self {
        Self {
            kind,
            opts,
            row,
            obj: Map::new(),
            provenance: Provenance::default(),
            problems: Vec::new(),
            first: None,
            last: None,
            full: None,
            city: None,
            region: None,
            country: None,
            place: None,
            phone: None,
            lists: BTreeMap::new(),
        }
    }

    /// Records that `column` feeds `field`; the first column to do so keeps it.
    fn note(&mut self, field: impl Into<Cow<'static, str>>, column: &Arc<str>) {
        self.provenance.note(field, None, column);
    }

    fn problem(&mut self, column: &str, field: &str, reason: impl Into<String>) {
        self.problems
            .push(RowError::field(self.row, Some(column), field, reason));
    }

    /// Sets a scalar field unless an earlier column already did.
    fn set(&mut self, field: &str, value: Value) {
        self.obj.entry(field.to_string()).or_insert(value);
    }

    fn push(&mut self, field: &'static str, column: &Arc<str>, value: Value) {
        let list = self.lists.entry(field).or_default();
        list.push(value);
        let item = u32::try_from(list.len() - 1).unwrap_or(u32::MAX);
        self.provenance.note(field, Some(item), column);
    }

    pub(crate) fn finish(mut self) -> Converted {
        self.finish_name();
        let country = self.finish_location();
        self.finish_phone(country);
        for (field, items) in std::mem::take(&mut self.lists) {
            self.obj
                .entry(field.to_string())
                .or_insert(Value::Array(items));
        }
        Converted {
            value: Value::Object(self.obj),
            provenance: self.provenance,
            problems: self.problems,
        }
    }

    fn finish_name(&mut self) {
        if self.first.is_none()
            && self.last.is_none()
            && let Some((full, column)) = self.full.take()
        {
            let (first, last) = cells::split_name(&full);
            self.note("first_name", &column);
            self.note("last_name", &column);
            self.first = Some(first);
            self.last = Some(last);
        }
        if let Some(first) = self.first.take() {
            self.set("first_name", Value::String(first));
        }
        if let Some(last) = self.last.take() {
            self.set("last_name", Value::String(last));
        }
    }

    /// Explicit city/region/country columns win over a location cell's parts. A US state with
    /// no country means the US, so phone numbers there normalise. Returns the country.
    fn finish_location(&mut self) -> Option<CountryCode> {
        let place = self.place.take();
        let column = [&self.city, &self.region, &self.country]
            .into_iter()
            .flatten()
            .map(|(_, c)| c.clone())
            .chain(place.as_ref().map(|(_, c)| c.clone()))
            .next()?;
        let (text, place_col) = match place {
            Some((p, c)) => (p, Some(c)),
            None => (PlaceText::default(), None),
        };
        if text.remote
            && let (Some(field), Some(c)) = (remote_field(self.kind), &place_col)
        {
            self.note(field, c);
            self.set(field, Value::String("remote".into()));
        }
        if self.obj.contains_key("location") {
            return None;
        }
        let pick = |explicit: &Sourced<String>, parsed: Option<String>| {
            explicit.as_ref().map(|(v, _)| v.clone()).or(parsed)
        };
        let city = pick(&self.city, text.city);
        let region = pick(&self.region, text.region);
        let mut country_text = pick(&self.country, text.country);
        if country_text.is_none() && region.as_deref().and_then(us_state_code).is_some() {
            country_text = Some("US".into());
        }
        let country = match country_text.as_deref().map(CountryCode::parse) {
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                let col = self
                    .country
                    .as_ref()
                    .map_or(column.clone(), |(_, c)| c.clone());
                self.problem(&col, "location", e.0);
                return None;
            }
            None => None,
        };
        if city.is_none() && region.is_none() && country.is_none() {
            return None;
        }
        match Location::new(city.as_deref(), region.as_deref(), country, None) {
            Ok(loc) => self.set("location", serde_json::to_value(loc).unwrap_or(Value::Null)),
            Err(e) => self.problem(&column, "location", e.0),
        }
        country
    }

    fn finish_phone(&mut self, country: Option<CountryCode>) {
        let Some((raw, column)) = self.phone.take() else {
            return;
        };
        match Phone::parse(&raw, country.as_ref()) {
            Ok(p) => self.set("phone", Value::String(p.to_string())),
            Err(e) => self.problem(&column, "phone", e.0),
        }
    }
}

#[cfg(test)]
mod tests;
