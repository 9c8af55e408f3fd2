//! Filters resolved against the world (places geocoded, statuses checked) and tested on
//! each record's [`Attrs`], with the reason each record passed.

use chrono::NaiveDate;
use hireloop_domain::values::{GeoPoint, RemoteMode, WorkAuthorization};

use crate::doc::{Attrs, auth_bits};
use crate::query::KM_PER_MILE;

/// Within `radius_km` of a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Near {
    pub point: GeoPoint,
    pub radius_km: f64,
    /// The place as resolved ("Austin, TX, US").
    pub label: String,
}

/// Everything a hit must satisfy besides the text query. Empty lists mean "any".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filters {
    pub near: Option<Near>,
    pub remote: Vec<RemoteMode>,
    /// Free (or starting) on or before this date; records without a date pass.
    pub available_by: Option<NaiveDate>,
    /// Hourly rate bounds in major units; records without a rate fail a rate filter.
    pub rate_min: Option<f64>,
    pub rate_max: Option<f64>,
    /// A candidate's authorisation is one of these; a requirement accepts one of these
    /// (or accepts any).
    pub auth: Vec<WorkAuthorization>,
    pub status: Vec<&'static str>,
    /// Only the record with this exact key (`id:`).
    pub exact: Option<String>,
}

impl Filters {
    /// True when no attribute filter is set (`exact` is applied by the keyword index).
    pub fn is_empty(&self) -> bool {
        self.near.is_none()
            && self.remote.is_empty()
            && self.available_by.is_none()
            && self.rate_min.is_none()
            && self.rate_max.is_none()
            && self.auth.is_empty()
            && self.status.is_empty()
    }

    pub fn passes(&self, a: &Attrs) -> bool {
        self.check(a, None)
    }

    /// Why `a` passes each filter, in plain words; `None` when it fails one.
    pub fn explain(&self, a: &Attrs) -> Option<Vec<String>> {
        let mut why = Vec::new();
        self.check(a, Some(&mut why)).then_some(why)
    }

    fn check(&self, a: &Attrs, mut why: Option<&mut Vec<String>>) -> bool {
        // Reasons are formatted only when asked for: `passes` runs once per record of
        // the collection, and formatting there was half a filtered query's time.
        let mut say = |s: &dyn Fn() -> String| {
            if let Some(w) = why.as_deref_mut() {
                w.push(s());
            }
        };
        if let Some(near) = &self.near {
            let Some(p) = a.point() else {
                return false;
            };
            let km = p.haversine_km(&near.point);
            if km > near.radius_km {
                return false;
            }
            say(&|| {
                format!(
                    "{:.0} mi ({:.0} km) from {}, within {:.0} mi",
                    km / KM_PER_MILE,
                    km,
                    near.label,
                    near.radius_km / KM_PER_MILE
                )
            });
        }
        if !self.remote.is_empty() {
            match a.remote() {
                Some(m) if self.remote.contains(&m) => say(&|| format!("remote: {}", m.as_str())),
                _ => return false,
            }
        }
        if let Some(by) = self.available_by {
            match a.available() {
                Some(d) if d <= by => say(&|| format!("available {d}, on or before {by}")),
                Some(_) => return false,
                None => say(&|| format!("no availability date on file (filter: by {by})")),
            }
        }
        if self.rate_min.is_some() || self.rate_max.is_some() {
            let Some(r) = a.rate() else {
                return false;
            };
            if self.rate_min.is_some_and(|m| r < m) || self.rate_max.is_some_and(|m| r > m) {
                return false;
            }
            say(&|| {
                let bound = match (self.rate_min, self.rate_max) {
                    (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
                    (Some(lo), None) => format!("at least {lo}"),
                    (None, Some(hi)) => format!("at most {hi}"),
                    (None, None) => unreachable!("checked above"),
                };
                format!("rate {r:.2}/h within {bound}")
            });
        }
        if !self.auth.is_empty() {
            let want = auth_bits(&self.auth);
            let have = a.auth_mask();
            if have == 0 {
                say(&|| "accepts any work authorisation".to_string());
            } else if have & want != 0 {
                say(&|| {
                    let names: Vec<&str> = a
                        .auth()
                        .into_iter()
                        .filter(|x| self.auth.contains(x))
                        .map(|x| x.as_str())
                        .collect();
                    format!("work authorisation: {}", names.join(", "))
                });
            } else {
                return false;
            }
        }
        if !self.status.is_empty() {
            match a.status() {
                Some(s) if self.status.contains(&s) => say(&|| format!("status: {s}")),
                _ => return false,
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn austin() -> GeoPoint {
        GeoPoint::new(30.2672, -97.7431).unwrap()
    }

    #[test]
    fn each_filter_passes_and_fails_and_says_why() {
        let round_rock = GeoPoint::new(30.5083, -97.6789).unwrap();
        let dallas = GeoPoint::new(32.7767, -96.797).unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let f = Filters {
            near: Some(Near {
                point: austin(),
                radius_km: 50.0,
                label: "Austin, TX".into(),
            }),
            remote: vec![RemoteMode::Hybrid, RemoteMode::Remote],
            available_by: Some(d("2027-01-15")),
            rate_min: Some(50.0),
            rate_max: Some(90.0),
            auth: vec![WorkAuthorization::UsCitizen],
            status: vec!["active"],
            exact: None,
        };
        let good = Attrs::new()
            .with_point(Some(round_rock))
            .with_remote(Some(RemoteMode::Hybrid))
            .with_available(Some(d("2027-01-10")))
            .with_rate(Some(75.0))
            .with_auth(&[WorkAuthorization::UsCitizen])
            .with_status("active");
        let why = f.explain(&good).expect("passes");
        assert_eq!(why.len(), 6, "{why:?}");
        assert!(
            why[0].starts_with("17 mi (28 km) from Austin, TX"),
            "{}",
            why[0]
        );
        assert_eq!(why[3], "rate 75.00/h within 50–90");
        for bad in [
            good.with_point(Some(dallas)),
            good.with_point(None),
            good.with_remote(Some(RemoteMode::Onsite)),
            good.with_available(Some(d("2027-02-01"))),
            good.with_rate(Some(95.0)),
            good.with_rate(None),
            good.with_auth(&[WorkAuthorization::H1b]),
            good.with_status("placed"),
        ] {
            assert!(!f.passes(&bad), "{bad:?}");
        }
        // No date on file passes, and says so; a requirement open to all passes auth.
        let open = good.with_available(None).with_auth(&[]);
        let why = f.explain(&open).unwrap();
        assert!(why.iter().any(|w| w.starts_with("no availability date")));
        assert!(why.iter().any(|w| w == "accepts any work authorisation"));
        assert!(Filters::default().passes(&Attrs::new()));
    }
}
